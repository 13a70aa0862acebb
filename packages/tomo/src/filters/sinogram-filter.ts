/**
 * Filtering sinograms on the CPU, on all cores through core's pool.
 * @module
 */
import { ArgumentError, ShapeError, allocate, isShared, poolSize, runOnPool, show, usePool } from '@pandaas/core';
import { fftRadix2, fftTables, type FftTables } from './fft.js';
import { filterRows } from './filter-loop.js';
import { FILTER_NAMES, filterResponse, isFilterName, paddedLength, type FilterName } from './filter-response.js';
import { FILTER_LOOP, registerFilterLoops } from './pool-loops.js';

/** The paddings of a projection before filtering. */
export const PADDINGS = ['zero', 'edge'] as const;

/**
 * `'zero'` pads with zeros (scikit-image, exact for data that is zero outside the detector);
 * `'edge'` repeats each end value (for truncated, local-tomography data).
 *
 * @example
 * ```ts
 * const padding: Padding = 'edge';
 * ```
 */
export type Padding = (typeof PADDINGS)[number];

/**
 * The options of a {@link SinogramFilter}.
 *
 * @example
 * ```ts
 * const options: FilterOptions = { filter: 'hann', padding: 'edge' };
 * ```
 */
export interface FilterOptions {
  /** The filter; default `'ramp'`. */
  readonly filter?: FilterName;
  /** The padding; default `'zero'`. */
  readonly padding?: Padding;
}

/**
 * The filter step of FBP for projections `nDet` wide: each row is padded to
 * {@link paddedLength}, multiplied in Fourier space by {@link filterResponse} and cropped back,
 * in float64 (the result rounded once to float32), two rows per complex FFT, rows split over the
 * CPU pool's workers when the arrays are on shared memory.
 *
 * scikit-image keeps the real part of the filtered rows; for a real row that is the row filtered
 * by the even part of the response, `(H[k] + H[−k]) / 2`, which is what is applied here (it lets
 * two rows share a transform without mixing). Only the Hamming and Hann windows
 * (`fftshift(np.hamming(L))` is not quite even) have an odd part.
 *
 * @example
 * ```ts
 * import { SinogramFilter } from '@pandaas/tomo';
 * const filter = new SinogramFilter(363, { filter: 'shepp-logan' });
 * const filtered = await filter.apply(sinogram, 360); // 360 rows of 363 values
 * ```
 */
export class SinogramFilter {
  /** The detector width (values per row). */
  readonly nDet: number;
  readonly filter: FilterName;
  readonly padding: Padding;
  /** The padded length of the FFT. */
  readonly length: number;
  /** The frequency response, FFT order, float64 (scikit-image's). */
  readonly response: Float64Array;
  /** Its even part, `(H[k] + H[−k]) / 2`: what the FFT multiplies by (see {@link SinogramFilter}). */
  readonly #even: Float64Array;
  readonly #tables: FftTables;

  constructor(nDet: number, options: FilterOptions = {}) {
    if (!Number.isSafeInteger(nDet) || nDet < 1) throw new ArgumentError(`nDet must be a positive integer; got ${show(nDet)}`);
    if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
    const { filter = 'ramp', padding = 'zero' } = options;
    if (!isFilterName(filter)) throw new ArgumentError(`options.filter must be one of ${FILTER_NAMES.map((f) => show(f)).join(', ')}; got ${show(filter)}`);
    if (!(PADDINGS as readonly unknown[]).includes(padding)) {
      throw new ArgumentError(`options.padding must be one of ${PADDINGS.map((p) => show(p)).join(', ')}; got ${show(padding)}`);
    }
    this.nDet = nDet;
    this.filter = filter;
    this.padding = padding;
    this.length = paddedLength(nDet);
    this.response = filterResponse(filter, this.length);
    const n = this.length;
    this.#even = this.response.map((h, k) => (h + this.response[(n - k) % n]) / 2);
    this.#tables = fftTables(this.length);
  }

  /**
   * Filters `rows` rows of `src` (`[rows, nDet]`, contiguous) into `out` (a new array when
   * omitted; it may be longer) and returns `out`.
   *
   * @example
   * ```ts
   * const out = await filter.apply(sinograms, nSlices * nAngles);
   * ```
   */
  async apply(src: Float32Array, rows: number, out?: Float32Array): Promise<Float32Array> {
    if (!(src instanceof Float32Array)) throw new ArgumentError(`src must be a Float32Array; got ${show(src)}`);
    if (!Number.isSafeInteger(rows) || rows < 0) throw new ArgumentError(`rows must be a non-negative integer; got ${show(rows)}`);
    const size = rows * this.nDet;
    if (src.length !== size) throw new ShapeError(`src must hold rows x nDet = ${rows} x ${this.nDet} = ${size} values; got ${src.length}`);
    if (out !== undefined && !(out instanceof Float32Array)) throw new ArgumentError(`out must be a Float32Array; got ${show(out)}`);
    if (out !== undefined && out.length < size) throw new ShapeError(`out must hold at least ${size} values; got ${out.length}`);
    const dst = out ?? allocate('float32', size, true);
    const parts = Math.min(Math.ceil(rows / 2), poolSize());
    const pooled = parts > 1 && usePool(size, []); // (copies onto shared memory below when needed)
    if (!pooled) {
      this.#run(0, rows, src, dst);
      return dst;
    }
    const input = isShared(src) ? src : allocate('float32', size, true);
    if (input !== src) input.set(src);
    const target = isShared(dst) ? dst : allocate('float32', size, true);
    registerFilterLoops();
    const step = 2 * Math.ceil(rows / (2 * parts));
    const tasks = [];
    for (let first = 0; first < rows; first += step) {
      tasks.push({ name: FILTER_LOOP.rows, fns: [FILTER_LOOP.fft], args: this.#args(first, Math.min(step, rows - first), input, target) });
    }
    await runOnPool(tasks);
    if (target !== dst) dst.set(target.subarray(0, size));
    return dst;
  }

  #args(first: number, count: number, src: Float32Array, dst: Float32Array): unknown[] {
    const t = this.#tables;
    const n = this.length;
    return [first, count, this.nDet, n, src, dst, this.#even, this.padding === 'edge', t.cos, t.sin, t.reverse, new Float64Array(n), new Float64Array(n)];
  }

  #run(first: number, count: number, src: Float32Array, dst: Float32Array): void {
    const [f, c, nDet, n, s, d, response, edge, cos, sin, reverse, re, im] = this.#args(first, count, src, dst) as Parameters<typeof filterRows>;
    filterRows(f, c, nDet, n, s, d, response, edge, cos, sin, reverse, re, im, fftRadix2);
  }
}
