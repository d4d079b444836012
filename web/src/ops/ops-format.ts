/** How the dashboard writes its numbers: the reader's locale, rupiah without decimals, WIB days. */

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: string, fractionDigits = 0): string {
  const key = `${locale}/${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** The units' short words: "j", "mnt", "dtk" in Indonesian. */
export interface DurationUnits {
  readonly hours: string;
  readonly minutes: string;
  readonly seconds: string;
}

/** "4 mnt 05 dtk", "1 j 12 mnt": whole seconds, as the API gives them; "—" when there is none. */
export function formatDuration(seconds: number | null, w: DurationUnits): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} ${w.hours} ${String(m).padStart(2, '0')} ${w.minutes}`;
  if (m > 0) return `${m} ${w.minutes} ${String(s).padStart(2, '0')} ${w.seconds}`;
  return `${s} ${w.seconds}`;
}

const wibDayKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The WIB calendar day of `at`, YYYY-MM-DD. */
export const wibDay = (at: Date): string => wibDayKey.format(at);

/** `day` (YYYY-MM-DD) moved by whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const dayLabels = new Map<string, Intl.DateTimeFormat>();

/** "18 Des", "18 Dec": a WIB day as a chart's label. */
export function dayLabel(day: string, locale: string): string {
  let format = dayLabels.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
    dayLabels.set(locale, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}
