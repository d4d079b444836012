/**
 * `--speed N`: the scenario's time runs N× faster than the clock. The code's own logic is left
 * alone; only its time settings (the environment variables the functions already read) are
 * divided by N, and the local runtime runs its schedules N× as often (`scheduleSpeed`).
 *
 * The values are whole seconds, at least 1: an offer's expiry check and a retry travel as SQS
 * message delays, which are whole seconds. So at a high speed a short setting lasts longer in
 * scenario time than in life (an offer of 30 s at speed 60 lasts 1 s, 60 scenario seconds); the
 * run prints what it applied.
 */

/**
 * The settings scaled, with the defaults the functions use without them (shared/dispatch/adapters).
 * Not GANCANG_HANDOVER_AFTER_SECONDS: the handover reconciler only repairs hand-overs lost with a
 * message, which a run does not lose, and scaled it would send every waiting order again every
 * few wall seconds, a load N× what it is in life.
 */
export const TIME_SETTINGS = {
  GANCANG_OFFER_TTL_SECONDS: 30,
  GANCANG_DRIVER_STALE_SECONDS: 300,
  GANCANG_UNASSIGNED_ALERT_SECONDS: 600,
  GANCANG_RETRY_FIRST_DELAY_SECONDS: 15,
  GANCANG_RETRY_MAX_DELAY_SECONDS: 300,
  GANCANG_RIDE_SEARCH_SECONDS: 300,
  GANCANG_PICKUP_LEAD_SECONDS: 600,
} as const;

export type TimeSettingName = keyof typeof TIME_SETTINGS;

/**
 * Wall seconds a setting never goes under. A simulated driver sees an offer, decides and taps in
 * a few hundred wall milliseconds on a loaded machine (the API's own latency, whatever the
 * speed): an offer that lapsed in one wall second would expire in the machine's hands, not the
 * driver's. Above 15× an offer so lasts longer than 30 scenario seconds (2 s × speed).
 */
export const MIN_WALL_SECONDS: Partial<Record<TimeSettingName, number>> = { GANCANG_OFFER_TTL_SECONDS: 2 };

export function scaledTimeSettings(speed: number): Record<TimeSettingName, number> {
  const scaled = {} as Record<TimeSettingName, number>;
  for (const [name, seconds] of Object.entries(TIME_SETTINGS) as [TimeSettingName, number][]) {
    scaled[name] = Math.max(MIN_WALL_SECONDS[name] ?? 1, Math.round(seconds / speed));
  }
  return scaled;
}

/** `NAME=value …`, for a runtime started by hand (`--api`) that should run at the same speed. */
export function settingsLine(settings: Record<TimeSettingName, number>): string {
  return Object.entries(settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
