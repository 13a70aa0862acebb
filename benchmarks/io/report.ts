/**
 * Folds the streams of the io benchmark into its report: per file and reader, MB/s (uncompressed
 * bytes per second; median and best of the runs), the ratio to h5py, the time to the first frame,
 * whether every frame's checksum matches the generator's, and the peak memory growth while
 * streaming against 4 frames' worth; then the issue's targets and a text table.
 *
 * @example
 * ```ts
 * const file = fileReport('bitshuffle', stack, runsByVariant);
 * console.error(ioTable([file]));
 * ```
 * @module
 */
import type { TargetCheck } from '../common/output.js';
import { median } from '../core/timing.js';

/** What make_stack.py reports about the stacks it wrote. */
export interface StackInfo {
  frames: number;
  shape: number[];
  frameBytes: number;
  rawBytes: number;
  checksums: number[];
  files: Record<string, { path: string; dataset: string; filters: { id: number; cdValues: number[] }[]; fileBytes: number; compressionRatio: number }>;
  writeSeconds: number;
  /** The real frame the stacks were made from. */
  source: string;
  python: string;
  h5py: string;
  hdf5: string;
  hdf5plugin: string;
}

/** One stream, as read_h5py.py or stream.ts print it (memory fields differ between the two). */
export interface StreamRun {
  frames: number;
  seconds: number;
  firstFrameSeconds: number;
  checksums: number[];
  memory: {
    peakRss: number;
    /** h5py: resident size after opening, after the first frame, and the largest seen after a frame. */
    baselineRss?: number;
    afterFirstFrameRss?: number;
    largestRss?: number;
    /** pandaas: figures after opening, after the first frame, and the largest seen after a frame. */
    baseline?: Record<string, number>;
    afterFirstFrame?: Record<string, number>;
    largest?: Record<string, number>;
  };
}

/** A reader and how it is run. */
export interface Variant {
  id: string;
  label: string;
  reader: 'h5py' | 'pandaas';
}

/** The figures of one run. */
export interface RunFigures {
  seconds: number;
  mbs: number;
  firstFrameMs: number;
  /** Peak RSS while streaming minus the RSS after opening the file. */
  peakGrowthBytes: number;
  /** The largest RSS seen after a frame minus the RSS after the first frame: what accumulates while streaming. */
  growthAfterFirstFrameBytes: number;
  /** pandaas: growth of V8's external and ArrayBuffer memory and of this thread's wasm heap (largest seen after a frame). */
  growth?: Record<string, number>;
}

/** A variant's runs summarised. */
export interface VariantReport extends Variant {
  runs: RunFigures[];
  medianMBs: number;
  bestMBs: number;
  medianFirstFrameMs: number;
  /** This variant's median MB/s over h5py's (above 1: faster than h5py). */
  ratioToH5py?: number;
  /** Whether every run delivered every frame, in order, with the generator's checksums. */
  checksumsMatch: boolean;
  /**
   * The largest growth over the runs, in bytes and in frames, whether it stays below 4 frames,
   * and the largest growth after the first frame (in frames).
   */
  memory: { peakGrowthBytes: number; peakGrowthFrames: number; belowFourFrames: boolean; growthAfterFirstFrameFrames: number };
}

/** A variant that failed. */
export interface VariantFailure extends Variant {
  error: string;
}

/** One file's report. */
export interface FileReport {
  id: string;
  file: string;
  filters: { id: number; cdValues: number[] }[];
  fileBytes: number;
  compressionRatio: number;
  results: (VariantReport | VariantFailure)[];
}

function figures(run: StreamRun, frameBytes: number): RunFigures {
  const m = run.memory;
  const baselineRss = m.baselineRss ?? m.baseline?.rss ?? 0;
  const out: RunFigures = {
    seconds: run.seconds,
    mbs: (run.frames * frameBytes) / run.seconds / 1e6,
    firstFrameMs: run.firstFrameSeconds * 1000,
    peakGrowthBytes: m.peakRss - baselineRss,
    growthAfterFirstFrameBytes: (m.largestRss ?? m.largest?.rss ?? 0) - (m.afterFirstFrameRss ?? m.afterFirstFrame?.rss ?? 0),
  };
  if (m.baseline !== undefined && m.largest !== undefined) {
    const { baseline, largest } = m;
    out.growth = Object.fromEntries(['external', 'arrayBuffers', 'wasmHeap'].map((k) => [k, largest[k] - baseline[k]]));
  }
  return out;
}

/**
 * The report of one variant from its runs. @example `variantReport(variant, runs, stack).medianMBs`
 */
export function variantReport(variant: Variant, runs: readonly StreamRun[], stack: StackInfo): VariantReport {
  const all = runs.map((r) => figures(r, stack.frameBytes));
  const growth = Math.max(...all.map((f) => f.peakGrowthBytes));
  const expected = JSON.stringify(stack.checksums);
  return {
    ...variant,
    runs: all,
    medianMBs: median(all.map((f) => f.mbs)),
    bestMBs: Math.max(...all.map((f) => f.mbs)),
    medianFirstFrameMs: median(all.map((f) => f.firstFrameMs)),
    checksumsMatch: runs.every((r) => JSON.stringify(r.checksums) === expected),
    memory: {
      peakGrowthBytes: growth,
      peakGrowthFrames: growth / stack.frameBytes,
      belowFourFrames: growth < 4 * stack.frameBytes,
      growthAfterFirstFrameFrames: Math.max(...all.map((f) => f.growthAfterFirstFrameBytes)) / stack.frameBytes,
    },
  };
}

/** Adds each pandaas variant's ratio to h5py's median MB/s. @example `withRatios(results)` */
export function withRatios(results: (VariantReport | VariantFailure)[]): (VariantReport | VariantFailure)[] {
  const h5py = results.find((r): r is VariantReport => r.reader === 'h5py' && !('error' in r));
  if (h5py === undefined) return results;
  return results.map((r) => ('error' in r || r.reader === 'h5py' ? r : { ...r, ratioToH5py: r.medianMBs / h5py.medianMBs }));
}

function ok(files: readonly FileReport[], fileId: string, variantId: string): VariantReport | undefined {
  const r = files.find((f) => f.id === fileId)?.results.find((v) => v.id === variantId);
  return r !== undefined && !('error' in r) ? r : undefined;
}

/**
 * The targets, checked: per file, `frames()` on worker threads at least as fast as h5py,
 * and the peak memory growth of `frames()` and `frames({ reuse: true })` below 4 frames.
 * @example `ioTargets(files, 2).filter((t) => t.met === false)`
 */
export function ioTargets(files: readonly FileReport[], workers: number): TargetCheck[] {
  const targets: TargetCheck[] = [];
  for (const f of files) {
    const parallel = ok(files, f.id, 'frames-workers');
    const ratio = parallel?.ratioToH5py ?? null;
    targets.push({
      target: `${f.id}: frames({ workers: ${workers} }) reads at least h5py's MB/s (ratio >= 1)`,
      value: ratio,
      met: ratio === null ? null : ratio >= 1,
      ...(ratio === null && { note: parallel === undefined ? 'the variant failed' : 'h5py did not run' }),
    });
    for (const id of ['frames', 'frames-reuse']) {
      const r = ok(files, f.id, id);
      targets.push({
        target: `${f.id}: ${r?.label ?? id}: peak RSS growth while streaming below 4 frames' worth (value: frames)`,
        value: r?.memory.peakGrowthFrames ?? null,
        met: r === undefined ? null : r.memory.belowFourFrames,
        ...(r === undefined && { note: 'the variant failed' }),
      });
    }
  }
  return targets;
}

function num(x: number | undefined, digits = 3): string {
  return x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toPrecision(digits);
}

/** A text table: one line per file and variant. @example `console.error(ioTable(files))` */
export function ioTable(files: readonly FileReport[]): string {
  const lines = [`${'file'.padEnd(11)}${'reader'.padEnd(38)}  MB/s med  MB/s best  ratio  1st ms  peak growth MB (frames)  after 1st  checksums`];
  for (const f of files) {
    for (const r of f.results) {
      const head = `${f.id.padEnd(11)}${r.label.padEnd(38)}`;
      if ('error' in r) {
        lines.push(`${head}FAILED: ${r.error}`);
        continue;
      }
      const growth = `${num(r.memory.peakGrowthBytes / 1e6)} (${r.memory.peakGrowthFrames.toFixed(1)})`;
      lines.push(
        `${head}${num(r.medianMBs).padStart(10)}${num(r.bestMBs).padStart(11)}${num(r.ratioToH5py).padStart(7)}${num(r.medianFirstFrameMs).padStart(8)}${growth.padStart(25)}` +
          `${r.memory.growthAfterFirstFrameFrames.toFixed(1).padStart(11)}  ${r.checksumsMatch ? 'ok' : 'MISMATCH'}`,
      );
    }
  }
  return lines.join('\n');
}
