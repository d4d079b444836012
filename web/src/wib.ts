/**
 * Times as Banyuwangi reads them: Western Indonesian Time (Asia/Jakarta, UTC+7), whatever zone the
 * phone is set to. "09.41 WIB" in Indonesian, "09:41 WIB" in English; the day is added when it is
 * not today.
 */
const ZONE = 'Asia/Jakarta';

const formatters = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat; key: Intl.DateTimeFormat }>();

function formattersFor(locale: string) {
  let found = formatters.get(locale);
  if (!found) {
    found = {
      time: new Intl.DateTimeFormat(locale, { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      day: new Intl.DateTimeFormat(locale, { timeZone: ZONE, day: 'numeric', month: 'short' }),
      key: new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    formatters.set(locale, found);
  }
  return found;
}

export function wibTime(at: string | Date, locale: string, now: Date = new Date()): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return '';
  const f = formattersFor(locale);
  const time = `${f.time.format(date)} WIB`;
  return f.key.format(date) === f.key.format(now) ? time : `${f.day.format(date)}, ${time}`;
}
