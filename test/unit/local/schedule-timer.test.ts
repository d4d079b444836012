import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScheduleTimer } from '../../../infra/local/event-sources.ts';

describe('a local schedule', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const runsIn = async (everyMinutes: number, speed: number | undefined, ms: number): Promise<number> => {
    let runs = 0;
    const timer = new ScheduleTimer(everyMinutes, async () => void runs++, () => undefined, 'sweeper', speed);
    timer.start();
    await vi.advanceTimersByTimeAsync(ms);
    await timer.stop();
    return runs;
  };

  it('runs at its declared rate, and N× as often at speed N (npm run simulate)', async () => {
    expect(await runsIn(1, undefined, 5 * 60_000)).toBe(5);
    expect(await runsIn(1, 10, 60_000)).toBe(10);
    expect(await runsIn(2, 60, 10_000)).toBe(5);
  });
});
