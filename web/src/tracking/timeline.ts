/**
 * A journey's timeline (a medicine delivery, a food order, a ride): every status it reached, with
 * its time, and while it is still under way the usual steps ahead of it, so the reader sees how
 * far it has to go. Each kind says its usual way and where it ends.
 */

export interface Journey<S extends string> {
  readonly status: S;
  readonly timeline: readonly { readonly status: S; readonly at: string }[];
}

export interface JourneyShape<S extends string> {
  /** The way it normally goes; the timeline shows the steps still ahead greyed out. */
  readonly usualPath: readonly S[];
  /** Statuses after which nothing changes any more: nothing is ahead, and the page stops refreshing. */
  readonly finalStatuses: ReadonlySet<S>;
}

export interface Step<S extends string> {
  readonly status: S;
  readonly at?: string;
  readonly current: boolean;
}

/** What happened, oldest first, then (unless the journey is over) the usual steps still ahead. */
export function timelineSteps<S extends string>(journey: Journey<S>, shape: JourneyShape<S>): Step<S>[] {
  const happened: Step<S>[] = journey.timeline.map((entry, i) => ({
    status: entry.status,
    at: entry.at,
    current: i === journey.timeline.length - 1,
  }));
  if (shape.finalStatuses.has(journey.status)) return happened;
  const from = shape.usualPath.indexOf(journey.status);
  const ahead = from < 0 ? [] : shape.usualPath.slice(from + 1);
  return [...happened, ...ahead.map((status) => ({ status, current: false }))];
}
