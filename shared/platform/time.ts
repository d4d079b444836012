/** Business time is WIB (Asia/Jakarta, UTC+7, no daylight saving). */
export const WIB_OFFSET_MINUTES = 7 * 60;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 in WIB with its offset, e.g. 2026-11-28T19:05:00.123+07:00. Sorts like the instant. */
export function toWibIso(date: Date): string {
  const shifted = new Date(date.getTime() + WIB_OFFSET_MINUTES * 60_000);
  return `${shifted.toISOString().slice(0, -1)}+07:00`;
}

/** The WIB calendar day (YYYY-MM-DD) of an instant. */
export function wibDay(date: Date): string {
  return toWibIso(date).slice(0, 10);
}
