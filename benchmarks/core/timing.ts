/**
 * Wall-clock timing: the first call is timed and reported apart (pipeline compilation, worker
 * start-up, page faults), then `runs` calls give the median and the minimum.
 *
 * @example
 * ```ts
 * const t = await measure(async () => { await work(); }, { runs: 10 });
 * console.log(t.warmupMs, t.medianMs, t.minMs);
 * ```
 * @module
 */

/** Timings of one benchmark variant, in milliseconds per unit of work. */
export interface Timing {
  /** The first call, alone. */
  warmupMs: number;
  /** Median of the timed runs. */
  medianMs: number;
  /** Fastest timed run. */
  minMs: number;
  /** Number of timed runs (after the warm-up). */
  runs: number;
  /** Units of work per timed call (dispatches between two syncs); times are divided by it. */
  unitsPerRun: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  runs: number;
  /** Units of work each call does (times are reported per unit). Default 1. */
  unitsPerRun?: number;
}

/** The median of a non-empty list. @example `median([3, 1, 2, 10]) // 2.5` */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `body`: one warm-up call, then `runs` calls. @example `await measure(() => work(), { runs: 10, unitsPerRun: 20 })` */
export async function measure(body: () => Promise<void>, options: MeasureOptions): Promise<Timing> {
  const units = options.unitsPerRun ?? 1;
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    await body();
    return (performance.now() - t0) / units;
  };
  const warmupMs = await once();
  const samples: number[] = [];
  for (let r = 0; r < options.runs; r++) samples.push(await once());
  return { warmupMs, medianMs: median(samples), minMs: Math.min(...samples), runs: options.runs, unitsPerRun: units };
}
