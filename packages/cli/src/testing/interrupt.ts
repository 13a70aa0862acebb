// Ctrl-C in the middle of a `pandaas` command, in a real child process, and the checks that it
// stopped cleanly. Tests only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { partialsIn } from './folders.js';
import { finished, spawnCli, type CliRun } from './run-cli.js';

/**
 * Starts `pandaas ...argv` in `cwd`, sends it SIGINT once stderr shows a progress line
 * `<done>/<total> <unit>`, and waits for it to end.
 *
 * @example
 * ```ts
 * const run = await interruptAtProgress(['recon', 'tall.nxs', '-o', 'v.nxs'], folder, 40, 'slices');
 * ```
 */
export async function interruptAtProgress(argv: readonly string[], cwd: string, total: number, unit: string): Promise<CliRun> {
  const child = spawnCli(argv, { cwd });
  const run = finished(child);
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (new RegExp(`\\d+/${total} ${unit}`).test(seen)) resolve();
    });
    child.once('exit', () => reject(new Error(`pandaas ended before its first progress line:\n${seen}`)));
  });
  child.kill('SIGINT');
  return run;
}

/**
 * Checks that an interrupted run exited 130, said so, did not reach `total` of `unit`, and left
 * neither the `outputs` (names in `folder`) nor a `.pandaas-partial-*` folder there.
 *
 * @example
 * ```ts
 * expectCleanInterrupt(run, folder, 40, 'slices', ['v.nxs']);
 * ```
 */
export function expectCleanInterrupt(run: CliRun, folder: string, total: number, unit: string, outputs: readonly string[]): void {
  const { status, stderr } = run;
  expect(status, stderr).toBe(130);
  expect(stderr).toMatch(/stopping/);
  expect(stderr).toMatch(/interrupted: outputs under way were removed/);
  expect(stderr).not.toMatch(new RegExp(`${total}/${total} ${unit}`));
  for (const name of outputs) expect(existsSync(join(folder, name)), name).toBe(false);
  expect(partialsIn(folder)).toEqual([]);
}
