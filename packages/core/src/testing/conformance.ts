/**
 * The backend-conformance suite of `@pandaas/core`, written once and run for every backend
 * (tfjs' `describeWithFlags` idea): each case builds its inputs with a seeded random stream,
 * runs a public op on the backend under test and compares the result with naive oracle loops
 * (on the CPU backend) or with the CPU backend's result (on every other backend), under the
 * tolerance stated beside the case. It does not depend on vitest: `conformance.test.ts` runs
 * it under vitest, and `run-conformance.ts` runs it from a single bundle on a GPU host.
 *
 * @example
 * ```ts
 * import { initBackend } from '@pandaas/core';
 * await initBackend('webgpu');
 * const reports = await runConformance('webgpu');
 * console.log(reports.filter((r) => !r.passed).map((r) => r.name));
 * ```
 * @module
 */
import type { ConformanceCase } from './case.js';
import { binaryCases } from './cases-binary.js';
import { castCases } from './cases-cast.js';
import { cumsumCases } from './cases-cumsum.js';
import { fftCases } from './cases-fft.js';
import { reduceCases } from './cases-reduce.js';
import { selectCases } from './cases-select.js';
import { sparseCases } from './cases-sparse.js';
import { storageCases } from './cases-storage.js';
import { unaryCases } from './cases-unary.js';
import type { Check } from './compare.js';

/** Every conformance case, storage first, then kernel by kernel. */
export const conformanceCases: readonly ConformanceCase[] = [
  ...storageCases,
  ...binaryCases,
  ...unaryCases,
  ...selectCases,
  ...reduceCases,
  ...castCases,
  ...sparseCases,
  ...fftCases,
  ...cumsumCases,
];

/** The outcome of one case on one backend. */
export interface CaseReport {
  name: string;
  kernel: ConformanceCase['kernel'];
  backend: string;
  passed: boolean;
  /** Number of checks, and the failed ones (at most 10 listed). */
  checks: number;
  failures: Check[];
  failed: number;
  /** Largest absolute and relative errors over all checks (NaN when a check failed to compare). */
  maxAbs: number;
  maxRel: number;
  /** Wall time of the case, in milliseconds. */
  ms: number;
}

/**
 * Runs one case on an initialised backend and summarises its checks; an error thrown by the case
 * itself becomes a failure.
 *
 * @example
 * ```ts
 * const report = await runCase(conformanceCases[0], 'cpu');
 * ```
 */
export async function runCase(c: ConformanceCase, backend: string): Promise<CaseReport> {
  const start = performance.now();
  let checks: Check[];
  try {
    checks = await c.run(backend);
  } catch (err) {
    checks = [{ label: c.name, passed: false, maxAbs: NaN, maxRel: NaN, tolerance: '', detail: `threw ${String(err)}` }];
  }
  const ms = performance.now() - start;
  const failures = checks.filter((k) => !k.passed);
  const max = (key: 'maxAbs' | 'maxRel') => checks.reduce((m, k) => (Number.isNaN(k[key]) || k[key] > m ? k[key] : m), 0);
  return {
    name: c.name,
    kernel: c.kernel,
    backend,
    passed: checks.length > 0 && failures.length === 0,
    checks: checks.length,
    failed: failures.length,
    failures: failures.slice(0, 10),
    maxAbs: max('maxAbs'),
    maxRel: max('maxRel'),
    ms: Math.round(ms * 10) / 10,
  };
}

/**
 * Runs every case (or those whose name matches `filter`) on an initialised backend, one after
 * the other.
 *
 * @example
 * ```ts
 * const reports = await runConformance('cpu', /^reduce/);
 * ```
 */
export async function runConformance(backend: string, filter?: RegExp, cases: readonly ConformanceCase[] = conformanceCases): Promise<CaseReport[]> {
  const reports: CaseReport[] = [];
  for (const c of cases) {
    if (filter === undefined || filter.test(c.name)) reports.push(await runCase(c, backend));
  }
  return reports;
}
