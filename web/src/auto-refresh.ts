import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Fetched } from './fetched.ts';

/** How often a page reads again what it shows (a tracking link, the desk's orders). */
export const REFRESH_MS = 15_000;

/**
 * Calls `refresh` every 15 seconds while the tab is visible, and at once when it becomes visible
 * again (a phone unlocked, a tab brought back), so a page in the background costs no requests and
 * a page looked at again is never stale. Off while `enabled` is false (e.g. a delivery that ended).
 */
export function useAutoRefresh(refresh: () => Promise<void>, enabled = true): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const whenVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    const timer = setInterval(whenVisible, REFRESH_MS);
    document.addEventListener('visibilitychange', whenVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', whenVisible);
    };
  }, [refresh, enabled]);
}

export interface Followed<T> {
  /** The last read, whatever it was. */
  readonly result: Fetched<T> | undefined;
  /** What was last found: a failed read keeps it on screen, with the "trying again" notice. */
  readonly value: T | undefined;
  readonly fetchedAt: Date | undefined;
  /** It reached its end: nothing more to read. */
  readonly finished: boolean;
}

/**
 * Reads a journey (a tracking link, an order, a ride) at once and again as useAutoRefresh does,
 * until it is over or there is nothing to follow. One read at a time: a slow answer is not asked
 * for twice.
 */
export function useFollowed<T>(load: () => Promise<Fetched<T>>, isOver: (value: T) => boolean): Followed<T> {
  const [result, setResult] = useState<Fetched<T> | undefined>();
  const [value, setValue] = useState<T | undefined>();
  const [fetchedAt, setFetchedAt] = useState<Date | undefined>();
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await load();
      setResult(next);
      if (next.kind === 'found') {
        setValue(next.value);
        setFetchedAt(new Date());
      }
    } finally {
      inFlight.current = false;
    }
  }, [load]);

  const finished = value !== undefined && isOver(value);
  const nothingToFollow = result?.kind === 'not-found' || result?.kind === 'signed-out';

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAutoRefresh(refresh, !finished && !nothingToFollow);
  return { result, value, fetchedAt, finished };
}
