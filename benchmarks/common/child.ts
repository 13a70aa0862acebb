/**
 * Child processes of the benchmark runners: one that prints a JSON object ({@link runJson}), the
 * Python reference scripts run beside pandaas ({@link runReference}), and the temporary folder
 * their inputs are handed over in ({@link withTempFolder}).
 *
 * @example
 * ```ts
 * const result = await runJson<{ seconds: number }>('/usr/bin/python3', ['io/read_h5py.py', file, '/entry/data/data']);
 * ```
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorText } from './cli.js';

/** The parsed JSON the child printed; rejects with the end of its stderr when it fails. @example see the module */
export function runJson<T>(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => reject(new Error(`could not start ${command}: ${err.message}`)));
    child.on('close', (code) => {
      const why = stderr.trim().split('\n').slice(-3).join(' | ');
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${why}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (err) {
        reject(new Error(`${command} ${args.join(' ')} printed no JSON (${(err as Error).message}): ${why}`));
      }
    });
  });
}

/** What a reference script printed, or why there is nothing. */
export interface ReferenceResult<T> {
  result?: T;
  reason?: string;
}

/**
 * Runs `script` (undefined: `--no-reference`) with `python` on the JSON of `spec()` (called only
 * once both exist) and returns what it printed, or why it could not run; throws only what
 * `spec` throws.
 * @example `const { result, reason } = await runReference<PyfaiRun>(options.python, options.reference, () => spec, env)`
 */
export async function runReference<T>(python: string, script: string | undefined, spec: () => unknown, env: NodeJS.ProcessEnv): Promise<ReferenceResult<T>> {
  if (script === undefined) return { reason: 'skipped (--no-reference)' };
  if (!existsSync(python)) return { reason: `${python} does not exist here` };
  if (!existsSync(script)) return { reason: `${script} is not here (a bundled run carries none)` };
  const args = [script, JSON.stringify(spec())];
  try {
    return { result: await runJson<T>(python, args, env) };
  } catch (err) {
    return { reason: errorText(err) };
  }
}

/** Calls `body` with a new temporary folder (named from `prefix`), removed afterwards. @example `await withTempFolder('pandaas-bench-fit-', (dir) => run(dir))` */
export async function withTempFolder<T>(prefix: string, body: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
