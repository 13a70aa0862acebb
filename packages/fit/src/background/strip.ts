import { ArgumentError, show } from '@pandaas/core';
import { checkFinite, checkInteger, checkOptions, readSeries, type Series } from './inputs.js';
import { stripPasses } from './strip-kernel.js';
import { backgroundWasmInstance, wasmHeap } from './wasm.js';

/**
 * Options of {@link strip}.
 *
 * @example
 * ```ts
 * import { strip, type StripOptions } from '@pandaas/fit';
 * const options: StripOptions = { width: 3, iterations: 2000, factor: 1.05, anchors: [120] };
 * strip(new Float64Array(256).fill(4), options);
 * ```
 */
export interface StripOptions {
  /** Distance, in samples, of the two neighbours averaged (silx's `w`; default 2, FitManager's `StripWidth`). */
  width?: number;
  /** Number of passes (silx's `niterations`; default 5000, FitManager's `StripIterations`). */
  iterations?: number;
  /** A sample is replaced when above `factor` times its neighbours' mean (default 1, `StripThresholdFactor`). */
  factor?: number;
  /**
   * Indices of anchor samples: every sample closer than `width` to an anchor (`|i - anchor| < width`)
   * is left as it is, as in silx. Anchors may lie outside the data.
   */
  anchors?: ArrayLike<number>;
}

const OPTIONS = ['width', 'iterations', 'factor', 'anchors'];

/**
 * The strip background of a spectrum, as `silx.math.fit.filters.strip` (PyMca's strip): in each
 * of `iterations` passes, every sample above `factor` times the mean of the samples `width` away
 * on either side is replaced by that mean; the first and last `width` samples never change, nor
 * do samples near an anchor. Equal to silx's output to the last bit (the same arithmetic, in the
 * same order), through a WebAssembly SIMD loop where available (JavaScript otherwise, and with
 * anchors); passes stop early once one changes nothing, which leaves the result unchanged.
 *
 * The defaults are FitManager's (`StripWidth` 2, `StripIterations` 5000), not those of silx's
 * bare `strip` function (`w=1, niterations=1000`). A spectrum shorter than `2 * width + 1` is
 * returned as it is, as silx does.
 *
 * @param y - The spectrum (finite numbers).
 * @returns A new Float64Array with the background.
 * @example
 * ```ts
 * import { strip } from '@pandaas/fit';
 * // a peak on a sloped background
 * const counts = Float64Array.from({ length: 200 }, (_, i) => 50 + 0.2 * i + 400 * Math.exp(-0.5 * ((i - 90) / 4) ** 2));
 * const background = strip(counts, { width: 2, iterations: 5000 });
 * const net = counts.map((c, i) => c - background[i]); // the peak alone
 * ```
 */
export function strip(y: Series, options: StripOptions = {}): Float64Array {
  checkOptions(options, OPTIONS, 'options');
  const width = checkInteger(options.width ?? 2, 'options.width', 1);
  const iterations = checkInteger(options.iterations ?? 5000, 'options.iterations', 0);
  if (iterations > 0x7fffffff) throw new ArgumentError(`options.iterations must be below 2^31; got ${show(iterations)}`);
  const factor = checkFinite(options.factor ?? 1, 'options.factor');
  const data = readSeries(y, 'y');
  const n = data.length;
  const frozen = options.anchors === undefined ? null : frozenNearAnchors(n, width, readSeries(options.anchors, 'options.anchors'));
  if (n < 2 * width + 1 || iterations === 0) return data;
  const wasm = frozen === null ? backgroundWasmInstance() : null;
  if (wasm === null) return stripPasses(n, data, Float64Array.from(data), width, iterations, factor, frozen);
  const heap = wasmHeap(wasm, 2 * n);
  heap.set(data, 0);
  heap.set(data, n);
  const passes = (wasm.exports.strip as (a: number, b: number, n: number, w: number, iterations: number, factor: number) => number)(
    0, 8 * n, n, width, iterations, factor,
  );
  data.set(heap.subarray(passes % 2 === 1 ? n : 0, passes % 2 === 1 ? 2 * n : n));
  return data;
}

/** Marks the samples `i` with `anchor - width < i < anchor + width` for some anchor (silx's rule). */
function frozenNearAnchors(n: number, width: number, anchors: Float64Array): Uint8Array | null {
  if (anchors.length === 0) return null;
  const frozen = new Uint8Array(n);
  for (let k = 0; k < anchors.length; k++) {
    const anchor = anchors[k];
    if (!Number.isInteger(anchor)) throw new ArgumentError(`options.anchors[${k}] must be an integer index; got ${show(anchor)}`);
    const from = Math.max(0, anchor - width + 1);
    const to = Math.min(n - 1, anchor + width - 1);
    for (let i = from; i <= to; i++) frozen[i] = 1;
  }
  return frozen;
}
