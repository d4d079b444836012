import { describe, expect, it } from 'vitest';
import { answerArguments } from '../../infra/cli.ts';

describe('a command given arguments it cannot run with', () => {
  const capture = () => {
    const out = { stdout: [] as string[], stderr: [] as string[] };
    return { out, io: { stdout: (t: string) => out.stdout.push(t), stderr: (t: string) => out.stderr.push(t) } };
  };

  it('prints the usage and exits 0 when the usage was asked for', () => {
    const { out, io } = capture();
    expect(answerArguments('', io, 'Usage: npm run x')).toBe(0);
    expect(out).toEqual({ stdout: ['Usage: npm run x\n'], stderr: [] });
  });

  it('says what was wrong, with the usage, on stderr and exits 2', () => {
    const { out, io } = capture();
    expect(answerArguments('--from must be a day', io, 'Usage: npm run x')).toBe(2);
    expect(out).toEqual({ stdout: [], stderr: ['--from must be a day\n\nUsage: npm run x\n'] });
  });
});
