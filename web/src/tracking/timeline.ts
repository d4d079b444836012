/**
 * The tracking page's timeline: every status the order reached, with its time, and while it is
 * still under way the usual steps ahead of it, so the family sees how far it has to go.
 */
import { FINAL_STATUSES, USUAL_PATH, type OrderStatus, type Tracking } from './tracking-api.ts';

export interface Step {
  readonly status: OrderStatus;
  readonly at?: string;
  readonly current: boolean;
}

/** What happened, oldest first, then (unless the order is over) the usual steps still ahead. */
export function timelineSteps(tracking: Tracking): Step[] {
  const happened: Step[] = tracking.timeline.map((entry, i) => ({
    status: entry.status,
    at: entry.at,
    current: i === tracking.timeline.length - 1,
  }));
  if (FINAL_STATUSES.has(tracking.status)) return happened;
  const from = USUAL_PATH.indexOf(tracking.status);
  const ahead = from < 0 ? [] : USUAL_PATH.slice(from + 1);
  return [...happened, ...ahead.map((status) => ({ status, current: false }))];
}
