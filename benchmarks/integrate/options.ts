/**
 * Command-line options of the integrate benchmark runner.
 *
 * @example
 * ```ts
 * const options = parseIntegrateOptions(['--quick', '--backend', 'cpu'], 'integrate/reference.py');
 * ```
 * @module
 */
import { parseArgs } from 'node:util';

/** The methods measured: pixel splitting x algorithm. */
export const METHOD_IDS = ['no-histogram', 'no-csr', 'bbox-histogram', 'bbox-csr', 'full-histogram', 'full-csr'] as const;
/** A method measured, `<split>-<algorithm>`. */
export type MethodId = (typeof METHOD_IDS)[number];
/** The backends the runner knows. */
export const INTEGRATE_BACKENDS = ['cpu', 'webgpu'] as const;

/** Parsed options. */
export interface IntegrateOptions {
  help: boolean;
  quick: boolean;
  /** pyFAI detector name of the frame (Eiger4M; quick: Pilatus1M). */
  detector: string;
  npt: number;
  runs: number;
  /** CPU threads: the pandaas pool size and pyFAI's OMP_NUM_THREADS. */
  threads: number;
  backends: ('cpu' | 'webgpu')[];
  /** Whether `--backend` was given: a backend asked for by name must work (else exit 1). */
  backendsRequested: boolean;
  methods: MethodId[];
  /** WebGPU frames kept in flight for the pipelined figures. */
  inFlight: number;
  out?: string;
  python: string;
  /** reference.py's path; undefined with `--no-reference`. */
  reference?: string;
}

/** The help text. */
export const INTEGRATE_USAGE = `Usage: integrate/run.ts [options]
  --quick               a Pilatus 1M frame, 3 runs: a smoke test (figures mean little)
  --detector NAME       the frame's detector (default Eiger4M, 2167 x 2070)
  --npt N               radial bins (default 1000)
  --runs N              timed runs per variant after the warm-up (default 10, quick 3)
  --threads N           CPU threads for pandaas' pool and pyFAI's OpenMP (default 2)
  --backend cpu|webgpu  backend to measure (repeat or comma-separate; default: cpu, and webgpu when it initialises)
  --method ID           only these methods (repeat or comma-separate): ${METHOD_IDS.join(', ')}
  --in-flight N         WebGPU frames in flight for the pipelined figures (default 8)
  --out FILE            where to write the JSON (default: benchmarks/results/integrate-<host>.json;
                        with --quick, the system's temporary folder)
  --python PATH         python with pyFAI (default /usr/bin/python3)
  --reference PATH      reference.py (default: beside this runner)
  --no-reference        skip pyFAI`;

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
  return [...new Set(values)] as T[];
}

/** Parses the command line; throws an Error naming the option on a bad value. @example `parseIntegrateOptions(['--runs', '5'], 'reference.py').runs // 5` */
export function parseIntegrateOptions(argv: readonly string[], defaultReference: string): IntegrateOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      detector: { type: 'string' },
      npt: { type: 'string' },
      runs: { type: 'string' },
      threads: { type: 'string' },
      backend: { type: 'string', multiple: true },
      method: { type: 'string', multiple: true },
      'in-flight': { type: 'string' },
      out: { type: 'string' },
      python: { type: 'string', default: '/usr/bin/python3' },
      reference: { type: 'string', default: defaultReference },
      'no-reference': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const backends = oneOf(list(values.backend), INTEGRATE_BACKENDS, '--backend');
  const methods = oneOf(list(values.method), METHOD_IDS, '--method');
  return {
    help: values.help,
    quick: values.quick,
    detector: values.detector ?? (values.quick ? 'Pilatus1M' : 'Eiger4M'),
    npt: values.npt === undefined ? 1000 : positiveInteger(values.npt, '--npt'),
    runs: values.runs === undefined ? (values.quick ? 3 : 10) : positiveInteger(values.runs, '--runs'),
    threads: values.threads === undefined ? 2 : positiveInteger(values.threads, '--threads'),
    backends: backends.length > 0 ? backends : [...INTEGRATE_BACKENDS],
    backendsRequested: backends.length > 0,
    methods: methods.length > 0 ? methods : [...METHOD_IDS],
    inFlight: values['in-flight'] === undefined ? 8 : positiveInteger(values['in-flight'], '--in-flight'),
    ...(values.out !== undefined && { out: values.out }),
    python: values.python,
    ...(!values['no-reference'] && { reference: values.reference }),
  };
}
