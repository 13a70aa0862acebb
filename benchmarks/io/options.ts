/**
 * Command-line options of the io benchmark runner.
 *
 * @example
 * ```ts
 * const options = parseIoOptions(['--quick'], { cores: 2 });
 * options.frames; // 10
 * ```
 * @module
 */
import { parseArgs } from 'node:util';
import { positiveIntegerOr, RUN_ARGS, runChoice, type RunChoice } from '../common/cli.js';

/** Parsed options. */
export interface IoOptions extends RunChoice {
  /** Frames per stack. */
  frames: number;
  /** Rounds over every reader (the figures are their median). */
  runs: number;
  /** Decoding worker threads of the parallel variants. */
  workers: number;
  /** Folder of the stacks, kept (generated there when missing); undefined: a temporary folder, removed. */
  data?: string;
  /** The real Eiger frame the stacks are made from; undefined: the shared data's nexus/bitshuffle.h5, looked up only when the stacks are written. */
  source?: string;
  /** Measure the built package (dist/, `pnpm build` first) rather than the TypeScript sources. */
  dist: boolean;
}

/** The help text. */
export const IO_USAGE = `Usage: run.ts [options]
  --frames N      frames per stack (default 200: 3.6 GB of uint32 per stack before compression)
  --quick         10 frames, one run (a smoke test; the figures mean little)
  --runs N        rounds over every reader, figures are medians (default 3, quick 1)
  --workers N     decoding threads of the parallel variants (default: every core)
  --data DIR      keep the stacks in DIR and reuse them when their frame count matches
                  (default: a temporary folder, removed at the end)
  --out FILE      where to write the JSON (default: benchmarks/results/io-<host>-<date>.json;
                  with --quick, the system's temporary folder)
  --python PATH   python with h5py and hdf5plugin (default /usr/bin/python3)
  --source FILE   the real Eiger 4M frame (default: shared/data/nexus/bitshuffle.h5 above the repository)
  --dist          measure the built @pandaas/io-nexus (dist/; run pnpm build first) instead of its sources`;

/**
 * Parses the command line; throws an Error naming the option on a bad value.
 * @example `parseIoOptions(['--frames', '50'], { cores: 2 }).frames // 50`
 */
export function parseIoOptions(argv: readonly string[], defaults: { cores: number }): IoOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...RUN_ARGS,
      frames: { type: 'string' },
      runs: { type: 'string' },
      workers: { type: 'string' },
      data: { type: 'string' },
      source: { type: 'string' },
      dist: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick;
  if (quick && values.frames !== undefined) throw new Error('--quick and --frames exclude each other (--quick means 10 frames)');
  return {
    ...runChoice(values),
    frames: quick ? 10 : positiveIntegerOr(values.frames, 200, '--frames'),
    runs: positiveIntegerOr(values.runs, quick ? 1 : 3, '--runs'),
    workers: positiveIntegerOr(values.workers, defaults.cores, '--workers'),
    ...(values.data !== undefined && { data: values.data }),
    ...(values.source !== undefined && { source: values.source }),
    dist: values.dist === true,
  };
}
