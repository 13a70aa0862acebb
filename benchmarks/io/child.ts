/**
 * Runs a child process that prints one JSON object on stdout, and returns the object.
 *
 * @example
 * ```ts
 * const result = await runJson<{ seconds: number }>('/usr/bin/python3', ['io/read_h5py.py', file, '/entry/data/data']);
 * ```
 * @module
 */
import { spawn } from 'node:child_process';

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
