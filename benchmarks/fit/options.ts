/**
 * Command-line options of the fit benchmark.
 *
 * @example
 * ```ts
 * const options = parseFitOptions(['--quick'], 'fit/reference.py');
 * ```
 * @module
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

/** The backends the runner measures. */
export const FIT_BACKENDS = ['cpu', 'webgpu'] as const;
/** A backend the runner measures. */
export type FitBackend = (typeof FIT_BACKENDS)[number];

/** Parsed options. */
export interface FitOptions {
  quick: boolean;
  runs: number;
  backends: FitBackend[];
  /** Whether `--backend` was given: a backend asked for by name must work (else exit 1). */
  backendsRequested: boolean;
  /** CPU pool sizes for the batch and SNIP cases (default: 1 and every core). */
  poolSizes: number[];
  /** Curves of the batch case (pandaas), and how many of them scipy/silx fit in their loop. */
  batchFits: number;
  referenceFits: number;
  /** Fits of the WebGPU batch (default 1 000 000, quick 20 000). */
  gpuFits: number;
  /** Spectra of the SNIP case, and the SNIP width. */
  snipSpectra: number;
  snipWidth: number;
  out?: string;
  python: string;
  /** reference.py's path; undefined when `--no-reference`. */
  reference?: string;
}

/** The help text. */
export const FIT_USAGE = `Usage: run.ts [options]
  --quick               small sizes (a smoke test; figures mean nothing)
  --runs N              timed runs per variant after the warm-up (default 5, quick 2)
  --backend cpu|webgpu  backends of the batch case (repeat or comma-separate; default: cpu, and webgpu when it initialises)
  --pool-sizes 1,2      CPU pool sizes (default: 1 and every core)
  --batch-fits N        curves of the CPU batch case (default 20000, quick 2000)
  --reference-fits N    curves scipy and silx fit in their loop (default 2000, quick 200)
  --gpu-fits N          curves of the WebGPU batch case (default 1000000, quick 20000; a software adapter: at most 2000)
  --snip-spectra N      spectra of the SNIP case (default 10000, quick 500), 2048 channels each
  --snip-width N        SNIP width (default 30, PyMca's FastXRFLinearFit figure in the reference notes)
  --out FILE            where to write the JSON (default: benchmarks/results/fit-<host>-<date>.json; --quick: the temporary folder)
  --python PATH         python with numpy, scipy and silx (default /usr/bin/python3)
  --reference PATH      reference.py (default: beside this runner)
  --no-reference        skip scipy and silx`;

function list(value: string | string[] | undefined): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function positiveInteger(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${option} must be a positive integer; got ${JSON.stringify(value)}`);
  return n;
}

/** Parses the command line; throws an Error naming the option on a bad value. @example `parseFitOptions(['--runs', '5'], 'reference.py').runs // 5` */
export function parseFitOptions(argv: readonly string[], defaultReference: string): FitOptions & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      backend: { type: 'string', multiple: true },
      'pool-sizes': { type: 'string' },
      'batch-fits': { type: 'string' },
      'reference-fits': { type: 'string' },
      'gpu-fits': { type: 'string' },
      'snip-spectra': { type: 'string' },
      'snip-width': { type: 'string' },
      out: { type: 'string' },
      python: { type: 'string', default: '/usr/bin/python3' },
      reference: { type: 'string', default: defaultReference },
      'no-reference': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick;
  const backends = list(values.backend);
  for (const b of backends) if (!(FIT_BACKENDS as readonly string[]).includes(b)) throw new Error(`--backend must be one of ${FIT_BACKENDS.join(', ')}; got ${JSON.stringify(b)}`);
  const cores = availableParallelism();
  return {
    help: values.help,
    quick,
    runs: positiveInteger(values.runs, quick ? 2 : 5, '--runs'),
    backends: backends.length > 0 ? [...new Set(backends as FitBackend[])] : [...FIT_BACKENDS],
    backendsRequested: backends.length > 0,
    poolSizes: values['pool-sizes'] === undefined ? [...new Set([1, cores])] : list(values['pool-sizes']).map((v) => positiveInteger(v, 1, '--pool-sizes')),
    batchFits: positiveInteger(values['batch-fits'], quick ? 2000 : 20_000, '--batch-fits'),
    referenceFits: positiveInteger(values['reference-fits'], quick ? 200 : 2000, '--reference-fits'),
    gpuFits: positiveInteger(values['gpu-fits'], quick ? 20_000 : 1_000_000, '--gpu-fits'),
    snipSpectra: positiveInteger(values['snip-spectra'], quick ? 500 : 10_000, '--snip-spectra'),
    snipWidth: positiveInteger(values['snip-width'], 30, '--snip-width'),
    ...(values.out !== undefined && { out: values.out }),
    python: values.python,
    ...(!values['no-reference'] && { reference: values.reference }),
  };
}
