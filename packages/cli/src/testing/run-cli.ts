// Runs the `pandaas` command in tests: in this process through main() (fast), or as a real child
// process through bin.ts (signals, exit statuses, the real streams). Tests only.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../main.js';

/** What a run printed and its exit status. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `pandaas ...argv` in this process (not a terminal) from `cwd`. With `interruptOn`, the run
 * is interrupted (its signal aborted, as Ctrl-C does) right after the first stderr write for which
 * it returns true.
 */
export async function runCli(
  argv: readonly string[],
  options: { cwd?: string; signal?: AbortSignal; interruptOn?: (stderrText: string) => boolean } = {},
): Promise<CliRun> {
  const { interruptOn } = options;
  const controller = interruptOn ? new AbortController() : undefined;
  const signal = controller?.signal ?? options.signal;
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      write: (text: string) => {
        stderr += text;
        if (interruptOn?.(text)) controller!.abort();
        return true;
      },
    },
    interactive: false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(signal ? { signal } : {}),
  });
  return { status, stdout, stderr };
}

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin.ts');
/** tsx's loader (the workspace root's devDependency), by path: the child may start in any folder. */
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/** Starts `pandaas ...argv` as a child process (bin.ts through tsx, workspace sources). */
export function spawnCli(argv: readonly string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', pathToFileURL(TSX_LOADER).href, '--conditions=@pandaas/source', BIN, ...argv], {
    cwd: options.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

/** Waits for a child to end; its status (128 + signal number when killed) and output. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ status: code ?? 128 + (signal === 'SIGINT' ? 2 : 15), stdout, stderr }));
  });
}

