/**
 * matplotlib's piecewise-linear colormaps `jet` and `hsv` (the two silx registers from matplotlib),
 * sampled at 256 points exactly as matplotlib's `LinearSegmentedColormap` samples them
 * (`colors._create_lookup_table`), as floats in [0, 1].
 *
 * @module
 */

/** One channel: control points (x, value below x, value above x), x from 0 to 1 increasing. */
type Segments = readonly (readonly [number, number, number])[];

/** The red, green and blue control points of a segmented colormap. */
export interface SegmentData {
  readonly red: Segments;
  readonly green: Segments;
  readonly blue: Segments;
}

/** matplotlib's `_jet_data` (matplotlib/_cm.py). */
export const JET: SegmentData = {
  red: [[0, 0, 0], [0.35, 0, 0], [0.66, 1, 1], [0.89, 1, 1], [1, 0.5, 0.5]],
  green: [[0, 0, 0], [0.125, 0, 0], [0.375, 1, 1], [0.64, 1, 1], [0.91, 0, 0], [1, 0, 0]],
  blue: [[0, 0.5, 0.5], [0.11, 1, 1], [0.34, 1, 1], [0.65, 0, 0], [1, 0, 0]],
};

/** matplotlib's `_hsv_data` (matplotlib/_cm.py). */
export const HSV: SegmentData = {
  red: [
    [0, 1, 1], [0.15873, 1, 1], [0.174603, 0.96875, 0.96875], [0.333333, 0.03125, 0.03125], [0.349206, 0, 0],
    [0.666667, 0, 0], [0.68254, 0.03125, 0.03125], [0.84127, 0.96875, 0.96875], [0.857143, 1, 1], [1, 1, 1],
  ],
  green: [
    [0, 0, 0], [0.15873, 0.9375, 0.9375], [0.174603, 1, 1], [0.507937, 1, 1], [0.666667, 0.0625, 0.0625],
    [0.68254, 0, 0], [1, 0, 0],
  ],
  blue: [
    [0, 0, 0], [0.333333, 0, 0], [0.349206, 0.0625, 0.0625], [0.507937, 1, 1], [0.84127, 1, 1],
    [0.857143, 0.9375, 0.9375], [1, 0.09375, 0.09375],
  ],
};

/**
 * Samples one channel at `n` points, with matplotlib's arithmetic (so the result is bit-identical
 * to its lookup table): x scaled to the table, linear interpolation between control points.
 */
function sampleChannel(segments: Segments, n: number, out: Float64Array): void {
  const last = n - 1;
  const xs = segments.map((s) => s[0] * last);
  const step = 1 / last;
  out[0] = segments[0][2];
  out[last] = segments[segments.length - 1][1];
  let j = 1;
  for (let k = 1; k < last; k++) {
    const x = last * (k * step);
    while (xs[j] < x) j++; // first control point with xs[j] >= x (numpy searchsorted, side left)
    const distance = (x - xs[j - 1]) / (xs[j] - xs[j - 1]);
    out[k] = distance * (segments[j][1] - segments[j - 1][2]) + segments[j - 1][2];
  }
  for (let k = 0; k < n; k++) out[k] = Math.min(1, Math.max(0, out[k]));
}

/**
 * The 256 RGB floats of a segmented colormap, interleaved (r, g, b, r, g, b, ...).
 *
 * @example
 * ```ts
 * const rgb = sampleSegmented(JET); // rgb[0..2] = [0, 0, 0.5]
 * ```
 */
export function sampleSegmented(data: SegmentData, n = 256): Float64Array {
  const channel = new Float64Array(n);
  const rgb = new Float64Array(n * 3);
  const channels = [data.red, data.green, data.blue];
  for (let c = 0; c < 3; c++) {
    sampleChannel(channels[c], n, channel);
    for (let k = 0; k < n; k++) rgb[k * 3 + c] = channel[k];
  }
  return rgb;
}
