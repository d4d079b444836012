import { useEffect } from 'preact/hooks';

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
