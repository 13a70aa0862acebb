/**
 * Command-line options of the core benchmark runner.
 *
 * @example
 * ```ts
 * const options = parseOptions(['--quick', '--backend', 'cpu']);
 * ```
 * @module
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { backendChoice, oneOf, positiveInteger, positiveIntegerOr, referenceArgs, referenceChoice, RUN_ARGS, runChoice, splitList, type BackendChoice, type ReferenceChoice, type RunChoice } from '../common/cli.js';
import { CASE_IDS, type CaseId } from './cases.js';

/** Parsed options. */
export interface BenchOptions extends RunChoice, ReferenceChoice, BackendChoice {
  runs: number;
  cases: CaseId[];
  /** CPU pool sizes to measure (default: 1 and every core). */
  poolSizes: number[];
  /** Peak memory bandwidth of the GPU in GB/s, overriding the table. */
  peakGbs?: number;
  /** Elements of the elementwise case (default 2^25, quick 2^16). */
  elements?: number;
}

/** The help text. */
export const USAGE = `Usage: run.ts [options]
  --quick               small sizes (a smoke test; figures mean nothing)
  --backend cpu|webgpu  backend to measure (repeat or comma-separate; default: cpu, and webgpu when it initialises)
  --runs N              timed runs per variant after the warm-up (default 10, quick 3)
  --case ID             only these cases (repeat or comma-separate): ${CASE_IDS.join(', ')}
  --elements N          elements of the elementwise case (default 2^25 = 33554432, quick 2^16)
  --pool-sizes 1,16     CPU pool sizes to measure (default: 1 and every core)
  --out FILE            where to write the JSON (default: benchmarks/results/core-<host>-<date>.json;
                        with --quick, the system's temporary folder)
  --python PATH         python with numpy and scipy (default /usr/bin/python3)
  --reference PATH      reference.py (default: beside this runner)
  --no-reference        skip numpy/scipy
  --peak-gbs N          the GPU's peak memory bandwidth in GB/s (default: from a table of GPU names)`;

/**
 * Parses the command line; throws an Error naming the option on a bad value.
 * @example `parseOptions(['--runs', '5'], 'reference.py').runs // 5`
 */
export function parseOptions(argv: readonly string[], defaultReference: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...RUN_ARGS,
      ...referenceArgs(defaultReference),
      backend: { type: 'string', multiple: true },
      runs: { type: 'string' },
      case: { type: 'string', multiple: true },
      'pool-sizes': { type: 'string' },
      elements: { type: 'string' },
      'peak-gbs': { type: 'string' },
    },
    strict: true,
  });
  const backends = backendChoice(values.backend);
  const cases = oneOf(splitList(values.case), CASE_IDS, '--case');
  const peakGbs = values['peak-gbs'] === undefined ? undefined : Number(values['peak-gbs']);
  if (peakGbs !== undefined && !(peakGbs > 0)) throw new Error(`--peak-gbs must be a positive number; got ${JSON.stringify(values['peak-gbs'])}`);
  const cores = availableParallelism();
  return {
    ...runChoice(values),
    ...referenceChoice(values),
    ...backends,
    runs: positiveIntegerOr(values.runs, values.quick ? 3 : 10, '--runs'),
    cases: cases.length > 0 ? cases : [...CASE_IDS],
    poolSizes: values['pool-sizes'] === undefined ? [...new Set([1, cores])] : splitList(values['pool-sizes']).map((v) => positiveInteger(v, '--pool-sizes')),
    ...(peakGbs !== undefined && { peakGbs }),
    ...(values.elements !== undefined && { elements: positiveInteger(values.elements, '--elements') }),
  };
}
