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
import { CASE_IDS, type CaseId } from './cases.js';

/** The backends the runner knows. */
export const BACKENDS = ['cpu', 'webgpu'] as const;
/** A backend the runner knows. */
export type BackendName = (typeof BACKENDS)[number];

/** Parsed options. */
export interface BenchOptions {
  quick: boolean;
  backends: BackendName[];
  /** Whether `--backend` was given: a backend asked for by name must work (else exit 1). */
  backendsRequested: boolean;
  runs: number;
  cases: CaseId[];
  /** CPU pool sizes to measure (default: 1 and every core). */
  poolSizes: number[];
  /** Where to write the JSON; the default is chosen by the runner. */
  out?: string;
  python: string;
  /** reference.py's path; undefined when `--no-reference`. */
  reference?: string;
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

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function positiveInteger(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${option} must be a positive integer; got ${JSON.stringify(value)}`);
  return n;
}

function oneOf<T extends string>(values: string[], allowed: readonly T[], option: string): T[] {
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new Error(`${option} must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
  }
  return values as T[];
}

/**
 * Parses the command line; throws an Error naming the option on a bad value.
 * @example `parseOptions(['--runs', '5'], 'reference.py').runs // 5`
 */
export function parseOptions(argv: readonly string[], defaultReference: string): BenchOptions & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      backend: { type: 'string', multiple: true },
      runs: { type: 'string' },
      case: { type: 'string', multiple: true },
      'pool-sizes': { type: 'string' },
      elements: { type: 'string' },
      out: { type: 'string' },
      python: { type: 'string', default: '/usr/bin/python3' },
      reference: { type: 'string', default: defaultReference },
      'no-reference': { type: 'boolean', default: false },
      'peak-gbs': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const backends = oneOf(list(values.backend), BACKENDS, '--backend');
  const cases = oneOf(list(values.case), CASE_IDS, '--case');
  const peakGbs = values['peak-gbs'] === undefined ? undefined : Number(values['peak-gbs']);
  if (peakGbs !== undefined && !(peakGbs > 0)) throw new Error(`--peak-gbs must be a positive number; got ${JSON.stringify(values['peak-gbs'])}`);
  const cores = availableParallelism();
  return {
    help: values.help,
    quick: values.quick,
    backends: backends.length > 0 ? [...new Set(backends)] : [...BACKENDS],
    backendsRequested: backends.length > 0,
    runs: values.runs === undefined ? (values.quick ? 3 : 10) : positiveInteger(values.runs, '--runs'),
    cases: cases.length > 0 ? [...new Set(cases)] : [...CASE_IDS],
    poolSizes: values['pool-sizes'] === undefined ? [...new Set([1, cores])] : list([values['pool-sizes']]).map((v) => positiveInteger(v, '--pool-sizes')),
    ...(values.out !== undefined && { out: values.out }),
    python: values.python,
    ...(!values['no-reference'] && { reference: values.reference }),
    ...(peakGbs !== undefined && { peakGbs }),
    ...(values.elements !== undefined && { elements: positiveInteger(values.elements, '--elements') }),
  };
}
