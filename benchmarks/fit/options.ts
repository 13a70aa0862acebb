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
import { backendChoice, positiveInteger, positiveIntegerOr, referenceArgs, referenceChoice, RUN_ARGS, runChoice, splitList, type BackendChoice, type ReferenceChoice, type RunChoice } from '../common/cli.js';

/** Parsed options. */
export interface FitOptions extends RunChoice, ReferenceChoice, BackendChoice {
  runs: number;
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

/** Parses the command line; throws an Error naming the option on a bad value. @example `parseFitOptions(['--runs', '5'], 'reference.py').runs // 5` */
export function parseFitOptions(argv: readonly string[], defaultReference: string): FitOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...RUN_ARGS,
      ...referenceArgs(defaultReference),
      runs: { type: 'string' },
      backend: { type: 'string', multiple: true },
      'pool-sizes': { type: 'string' },
      'batch-fits': { type: 'string' },
      'reference-fits': { type: 'string' },
      'gpu-fits': { type: 'string' },
      'snip-spectra': { type: 'string' },
      'snip-width': { type: 'string' },
    },
    strict: true,
  });
  const quick = values.quick;
  const backends = backendChoice(values.backend);
  const cores = availableParallelism();
  return {
    ...runChoice(values),
    ...referenceChoice(values),
    runs: positiveIntegerOr(values.runs, quick ? 2 : 5, '--runs'),
    ...backends,
    poolSizes: values['pool-sizes'] === undefined ? [...new Set([1, cores])] : splitList(values['pool-sizes']).map((v) => positiveInteger(v, '--pool-sizes')),
    batchFits: positiveIntegerOr(values['batch-fits'], quick ? 2000 : 20_000, '--batch-fits'),
    referenceFits: positiveIntegerOr(values['reference-fits'], quick ? 200 : 2000, '--reference-fits'),
    gpuFits: positiveIntegerOr(values['gpu-fits'], quick ? 20_000 : 1_000_000, '--gpu-fits'),
    snipSpectra: positiveIntegerOr(values['snip-spectra'], quick ? 500 : 10_000, '--snip-spectra'),
    snipWidth: positiveIntegerOr(values['snip-width'], 30, '--snip-width'),
  };
}
