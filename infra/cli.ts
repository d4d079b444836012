/**
 * What the repository's commands (`npm run simulate`, `npm run tallies:rebuild`) share: where
 * they write, and how they answer arguments they cannot run with.
 */

/** Where a command writes: its results, and its progress and errors. */
export interface CommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Arguments a command cannot run with: '' is a request for the usage (printed, exit 0); any other
 * text says what was wrong, printed with the usage (exit 2, a usage error).
 */
export function answerArguments(problem: string, out: CommandOutput, usage: string): number {
  if (problem === '') {
    out.stdout(`${usage}\n`);
    return 0;
  }
  out.stderr(`${problem}\n\n${usage}\n`);
  return 2;
}
