/**
 * Command-line options of the tomo benchmark runner.
 *
 * @example
 * ```ts
 * const options = parseTomoOptions(['--quick', '--backend', 'cpu'], 'tomo/reference.py');
 * ```
 * @module
 */
import { parseArgs } from 'node:util';
import { backendChoice, positiveIntegerOr, referenceArgs, referenceChoice, RUN_ARGS, runChoice, type BackendChoice, type ReferenceChoice, type RunChoice } from '../common/cli.js';

/** Parsed options. */
export interface TomoOptions extends RunChoice, ReferenceChoice, BackendChoice {
  /** Side of the slice and detector width (2048; quick 512). */
  size: number;
  /** Projections over [0, π) (default: size). */
  angles: number;
  /** Timed runs after the warm-up. */
  runs: number;
  /** CPU threads of pandaas' pool (pocl takes the machine's cores). */
  threads: number;
  /** Whether scikit-image runs at this size (quick: yes; full: only with --skimage, ~137 s a run here). */
  skimage: boolean;
  /** Phantom side of the accuracy check against scikit-image (0: none; full: 1024, quick: 0). */
  accuracy: number;
}

/** The help text. */
export const TOMO_USAGE = `Usage: tomo/run.ts [options]
  --quick               512 angles -> 512 x 512, scikit-image timed too: a smoke test
  --size N              slice side and detector width (default 2048; quick 512)
  --angles N            projections over [0, pi) (default: the size)
  --runs N              timed runs per variant after the warm-up (default 3)
  --threads N           CPU threads of pandaas' pool (default 2)
  --backend cpu|webgpu  backend to measure (repeat or comma-separate; default: cpu, and webgpu when it initialises)
  --skimage             time scikit-image iradon at the full size too (one run, minutes)
  --accuracy N          check FBP against scikit-image on a Shepp-Logan phantom of N px
                        (default 1024, quick 0 = none; radon + iradon take about a minute)
  --out FILE            where to write the JSON (default: benchmarks/results/tomo-<host>.json;
                        with --quick, the system's temporary folder)
  --python PATH         python with scikit-image and silx (default /usr/bin/python3)
  --reference PATH      reference.py (default: beside this runner)
  --no-reference        skip scikit-image and silx`;

/** Parses the command line; throws an Error naming the option on a bad value. @example `parseTomoOptions(['--size', '1024'], 'reference.py').size // 1024` */
export function parseTomoOptions(argv: readonly string[], defaultReference: string): TomoOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...RUN_ARGS,
      ...referenceArgs(defaultReference),
      size: { type: 'string' },
      angles: { type: 'string' },
      runs: { type: 'string' },
      threads: { type: 'string' },
      backend: { type: 'string', multiple: true },
      skimage: { type: 'boolean', default: false },
      accuracy: { type: 'string' },
    },
    strict: true,
  });
  const size = positiveIntegerOr(values.size, values.quick ? 512 : 2048, '--size');
  const accuracy = values.accuracy === '0' ? 0 : positiveIntegerOr(values.accuracy, values.quick ? 0 : 1024, '--accuracy');
  return {
    ...runChoice(values),
    ...referenceChoice(values),
    ...backendChoice(values.backend),
    size,
    angles: positiveIntegerOr(values.angles, size, '--angles'),
    runs: positiveIntegerOr(values.runs, 3, '--runs'),
    threads: positiveIntegerOr(values.threads, 2, '--threads'),
    skimage: values.quick || values.skimage,
    accuracy,
  };
}
