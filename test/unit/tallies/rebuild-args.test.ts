import { describe, expect, it } from 'vitest';
import { parseRebuildArgs } from '../../../infra/tallies/run.ts';

// 20:00 UTC on 30 November is 03:00 WIB on 1 December: "today" is the WIB day.
const NOW = new Date('2026-11-30T20:00:00.000Z');

describe('npm run tallies:rebuild arguments', () => {
  it('rebuild the days that ended by default: up to yesterday (WIB), as far back as the day figures read', () => {
    expect(parseRebuildArgs([], NOW)).toEqual({ from: '2025-10-27', to: '2026-11-30', dryRun: false, local: undefined });
    expect(parseRebuildArgs(['--dry-run', '--from', '2026-11-01', '--local', 'http://127.0.0.1:8000/'], NOW)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      dryRun: true,
      local: 'http://127.0.0.1:8000',
    });
  });

  it('take today when asked, but no day to come, no day that does not exist, and no period that ends before it starts', () => {
    expect(parseRebuildArgs(['--from', '2026-12-01', '--to', '2026-12-01'], NOW)).toMatchObject({ from: '2026-12-01', to: '2026-12-01' });
    expect(parseRebuildArgs(['--to', '2026-12-02'], NOW)).toMatch(/must not be after today \(2026-12-01, WIB\)/);
    expect(parseRebuildArgs(['--from', '2026-02-30'], NOW)).toMatch(/--from must be a day/);
    expect(parseRebuildArgs(['--from', '2026-11-20', '--to', '2026-11-19'], NOW)).toMatch(/must not be after --to/);
    expect(parseRebuildArgs(['--local', 'localhost:8000'], NOW)).toMatch(/--local must be DynamoDB Local's URL/);
    expect(parseRebuildArgs(['--days', '3'], NOW)).toMatch(/Unknown option/);
  });
});
