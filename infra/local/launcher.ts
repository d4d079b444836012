/**
 * Who started this process, and whether they are still there. `npm start` runs start.ts through
 * `sh -c`: npm forwards SIGINT and SIGTERM to that shell only, which dies without passing them
 * on, and npm itself dies of SIGHUP without telling anyone. Either way the runtime would be left
 * behind, holding its ports and its data folder, so it watches its launchers and stops once one
 * of them is gone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ksh', 'ash', 'busybox']);

interface ProcessFacts {
  readonly ppid: number;
  readonly name: string;
  readonly zombie: boolean;
}

/** Linux reads /proc; macOS and the BSDs ask `ps`; elsewhere (Windows) nothing is known. */
function processFacts(pid: number): ProcessFacts | undefined {
  if (process.platform === 'linux') {
    try {
      // "pid (name) state ppid …"; the name may itself hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const [state, ppid] = stat.slice(close + 2).split(' ');
      return { ppid: Number(ppid), name: stat.slice(stat.indexOf('(') + 1, close), zombie: state === 'Z' };
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'win32') return undefined;
  const result = spawnSync('ps', ['-o', 'ppid=,stat=,comm=', '-p', String(pid)], { encoding: 'utf8', timeout: 5_000 });
  const match = /^\s*(\d+)\s+(\S+)\s+(.+?)\s*$/.exec(result.stdout ?? '');
  if (!match) return undefined;
  return { ppid: Number(match[1]), zombie: match[2]!.startsWith('Z'), name: match[3]!.split('/').pop()! };
}

/** Alive and not a zombie: a process killed -9 stays a zombie until something reaps it, holding nothing. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processFacts(pid)?.zombie !== true;
}

/**
 * Calls `onGone` once the parent is gone (this process was handed to another) or, when the
 * parent is the shell of an npm script, once npm itself is gone. Returns a function that stops
 * watching. The timer never keeps the process alive on its own.
 */
export function watchLaunchers(onGone: (who: string) => void, everyMs = 500): () => void {
  const parent = process.ppid;
  const viaNpmShell = process.env.npm_lifecycle_event !== undefined && SHELLS.has(processFacts(parent)?.name ?? '');
  const npm = viaNpmShell ? processFacts(parent)?.ppid : undefined;
  const timer = setInterval(() => {
    let who: string | undefined;
    if (process.ppid !== parent || !isRunning(parent)) who = `the parent process (pid ${parent})`;
    else if (npm !== undefined && npm > 1 && !isRunning(npm)) who = `npm (pid ${npm})`;
    if (!who) return;
    clearInterval(timer);
    onGone(who);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
