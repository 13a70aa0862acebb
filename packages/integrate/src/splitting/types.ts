/**
 * Types of the pixel splitting module: how each detector pixel is shared among the bins of a 1D
 * or 2D histogram, with pyFAI 0.21's semantics.
 *
 * @example
 * ```ts
 * import type { Bins, Pixels1d } from '@pandaas/integrate';
 * const bins: Bins = { count: 100, min: 0, max: 30 };
 * const px: Pixels1d = { center: new Float64Array([1.5, 2.5]), delta: new Float64Array([0.2, 0.2]) };
 * ```
 * @module
 */

/**
 * How a pixel is shared among bins: `no` puts its centre in one bin (weight 1); `bbox` spreads
 * its bounding box `[c - d, c + d]` (and in 2D the chi interval too) in proportion to the overlap;
 * `full` spreads the quadrilateral of its 4 corners in proportion to the area in each bin.
 *
 * @example
 * ```ts
 * const split: Split = 'full';
 * await ai.integrate1d(frame, { npt: 1000, method: split });
 * ```
 */
export type Split = 'no' | 'bbox' | 'full';

/**
 * Equal-width bins: bin `i` covers `[min + i*w, min + (i+1)*w)` with `w = (max - min) / count`.
 * `max` is exclusive; {@link radialBins} sets it a hair above the requested upper end, as pyFAI does.
 *
 * @example
 * ```ts
 * const bins: Bins = { count: 4, min: 0, max: 2 };
 * binCenters(bins); // [0.25, 0.75, 1.25, 1.75]
 * ```
 */
export interface Bins {
  /** The number of bins, a positive integer. */
  readonly count: number;
  /** The lower edge of the first bin. */
  readonly min: number;
  /** The upper edge of the last bin (exclusive), greater than `min`. */
  readonly max: number;
}

/**
 * A sparse matrix in compressed sparse row form: row `r` holds `weights[k]` for the pixel
 * `indices[k]`, `indptr[r] <= k < indptr[r + 1]`, pixels ascending. Rows are bins (2D:
 * azimuthal-major, `row = ia * nRad + ir`), columns are pixels.
 *
 * @example
 * ```ts
 * // two bins over three pixels: bin 0 = pixel 0 + half of pixel 1, bin 1 = the other half + pixel 2
 * const csr: Csr = { rows: 2, cols: 3, indptr: Int32Array.of(0, 2, 4), indices: Int32Array.of(0, 1, 1, 2), weights: Float32Array.of(1, 0.5, 0.5, 1) };
 * ```
 */
export interface Csr {
  /** The number of rows (bins). */
  readonly rows: number;
  /** The number of columns (pixels). */
  readonly cols: number;
  /** Row pointers, length `rows + 1`, starting at 0. */
  readonly indptr: Int32Array;
  /** Pixel index of each stored weight. */
  readonly indices: Int32Array;
  /** The fraction of the pixel that falls in the bin. */
  readonly weights: Float32Array;
}

/**
 * The per-pixel positions a splitting needs, `n` pixels in C order (as `Geometry` gives them):
 * radial values in the integration unit, chi in radians.
 *
 * @example
 * ```ts
 * const px: Pixels1d = { center: geo.center('2th_deg'), delta: geo.delta('2th_deg'), mask: geo.detector.mask() ?? undefined };
 * ```
 */
export interface Pixels1d {
  /** Radial position of each pixel centre (length n). */
  readonly center: Float64Array;
  /** Radial half-width of each pixel: the largest |corner - centre| (length n); `bbox` needs it. */
  readonly delta?: Float64Array;
  /**
   * The 4 corners of each pixel as (radial, chi) pairs, pyFAI's corner order (length 8n); `full`
   * needs it. Float32Array (as `Geometry.corners` gives it, pyFAI's precision) or Float64Array.
   */
  readonly corners?: Float32Array | Float64Array;
  /** Chi of each pixel centre, radians (length n); 2D and azimuth ranges need it (not with `full`). */
  readonly chi?: Float64Array;
  /** Chi half-width of each pixel, radians (length n); `bbox` needs it in 2D and with azimuth ranges. */
  readonly chiDelta?: Float64Array;
  /** Non-zero = pixel excluded (length n), like pyFAI masks. */
  readonly mask?: Uint8Array;
  /** Chi lies in [0, 2pi) rather than [-pi, pi) (pyFAI's `chiDiscAtPi = false`). */
  readonly chiDiscAtZero?: boolean;
}

/**
 * Receives one contribution: `weight` of `pixel` goes to `bin` (2D: `ia * nRad + ir`).
 *
 * @example
 * ```ts
 * const emit: Emit = (bin, pixel, weight) => { sums[bin] += weight * frame[pixel]; };
 * ```
 */
export type Emit = (bin: number, pixel: number, weight: number) => void;

/**
 * Options of the 1D splitting.
 *
 * @example
 * ```ts
 * const opts: Split1dOptions = { azimuthRange: [-Math.PI / 4, Math.PI / 4] };
 * buildCsr1d(px, 'bbox', bins, opts);
 * ```
 */
export interface Split1dOptions {
  /**
   * Keep only pixels whose chi interval meets `[lo, hi]` (radians; pyFAI's `azimuth_range`
   * after its conversion). With `bbox` the interval is `chi ± chiDelta`, with `no` the centre,
   * with `full` the corners'. A pixel that meets the range counts whole.
   */
  readonly azimuthRange?: readonly [number, number];
}
