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
import { backendChoice, oneOf, positiveIntegerOr, referenceArgs, referenceChoice, RUN_ARGS, runChoice, splitList, type BackendChoice, type ReferenceChoice, type RunChoice } from '../common/cli.js';

/** The methods measured: pixel splitting x algorithm. */
export const METHOD_IDS = ['no-histogram', 'no-csr', 'bbox-histogram', 'bbox-csr', 'full-histogram', 'full-csr'] as const;
/** A method measured, `<split>-<algorithm>`. */
export type MethodId = (typeof METHOD_IDS)[number];

/** Parsed options. */
export interface IntegrateOptions extends RunChoice, ReferenceChoice, BackendChoice {
  /** pyFAI detector name of the frame (Eiger4M; quick: Pilatus1M). */
  detector: string;
  npt: number;
  runs: number;
  /** CPU threads: the pandaas pool size and pyFAI's OMP_NUM_THREADS. */
  threads: number;
  methods: MethodId[];
  /** WebGPU frames kept in flight for the pipelined figures. */
  inFlight: number;
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

/** Parses the command line; throws an Error naming the option on a bad value. @example `parseIntegrateOptions(['--runs', '5'], 'reference.py').runs // 5` */
export function parseIntegrateOptions(argv: readonly string[], defaultReference: string): IntegrateOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...RUN_ARGS,
      ...referenceArgs(defaultReference),
      detector: { type: 'string' },
      npt: { type: 'string' },
      runs: { type: 'string' },
      threads: { type: 'string' },
      backend: { type: 'string', multiple: true },
      method: { type: 'string', multiple: true },
      'in-flight': { type: 'string' },
    },
    strict: true,
  });
  const backends = backendChoice(values.backend);
  const methods = oneOf(splitList(values.method), METHOD_IDS, '--method');
  return {
    ...runChoice(values),
    ...referenceChoice(values),
    detector: values.detector ?? (values.quick ? 'Pilatus1M' : 'Eiger4M'),
    npt: positiveIntegerOr(values.npt, 1000, '--npt'),
    runs: positiveIntegerOr(values.runs, values.quick ? 3 : 10, '--runs'),
    threads: positiveIntegerOr(values.threads, 2, '--threads'),
    ...backends,
    methods: methods.length > 0 ? methods : [...METHOD_IDS],
    inFlight: positiveIntegerOr(values['in-flight'], 8, '--in-flight'),
  };
}
