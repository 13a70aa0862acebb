/**
 * Runs `reference.py` (numpy/scipy, single-threaded) on the same cases and returns its timings and
 * checksums, or why it could not run (no python, no numpy, no script: the GPU host has none).
 *
 * @example
 * ```ts
 * const ref = await runReference({ python: '/usr/bin/python3', script: 'benchmarks/core/reference.py', runs: 10, cases });
 * if (ref.available) console.log(ref.cases['fft'].primary);
 * ```
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BenchCase } from './cases.js';
import type { Checksum } from './checksum.js';
import type { Timing } from './timing.js';

/** The reference timings of one case. */
export interface ReferenceCase {
  /** The variant pandaas is compared with first (what a numpy user writes). */
  primary: string;
  variants: Record<string, Timing>;
  checksums: Checksum[];
}

/** What reference.py reported, or why there is nothing. */
export type ReferenceRun =
  | { available: true; python: string; numpy: string; scipy: string; threads: 1; cases: Record<string, ReferenceCase> }
  | { available: false; reason: string };

/** Options of {@link runReference}. */
export interface ReferenceOptions {
  python: string;
  script: string;
  runs: number;
  cases: readonly BenchCase[];
}

const SINGLE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMEXPR_NUM_THREADS: '1' };

/** Spawns reference.py and waits for its JSON; never throws. @example see the module */
export async function runReference(options: ReferenceOptions): Promise<ReferenceRun> {
  if (!existsSync(options.python)) return { available: false, reason: `${options.python} does not exist here` };
  if (!existsSync(options.script)) return { available: false, reason: `the reference script ${options.script} is not here (a bundled run carries none)` };
  const spec = JSON.stringify({ runs: options.runs, cases: options.cases.map((c) => ({ id: c.id, params: c.params })) });
  return new Promise((resolve) => {
    const child = spawn(options.python, [options.script, spec], { env: { ...process.env, ...SINGLE_THREAD } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => resolve({ available: false, reason: `could not start ${options.python}: ${err.message}` }));
    child.on('close', (code) => {
      if (code !== 0) {
        const last = stderr.trim().split('\n').slice(-1)[0] ?? '';
        resolve({ available: false, reason: `reference.py exited with ${code}: ${last}` });
        return;
      }
      try {
        resolve({ available: true, threads: 1, ...(JSON.parse(stdout) as Omit<Extract<ReferenceRun, { available: true }>, 'available' | 'threads'>) });
      } catch (err) {
        resolve({ available: false, reason: `reference.py printed no JSON: ${(err as Error).message}` });
      }
    });
  });
}
