/**
 * Vo et al.'s stripe detection (Opt. Express 26:28396, 2018, algorithm 4; internal): sort the
 * normalised column profile, fit a line through its middle half (the noise floor), and flag
 * the columns standing out from the line's span by more than `snr/2` spans, on the side(s)
 * where the extreme value stands out by `snr` spans.
 *
 * @example
 * ```ts
 * const mask = detectStripes(ratio, 3); // 1 where a stripe is
 * ```
 * @module
 */

/**
 * The stripe mask (1 = stripe) of a column profile `values` (≈ 1 away from stripes).
 *
 * @example
 * ```ts
 * detectStripes(Float64Array.of(1, 1.01, 0.99, 1, 3, 1, 1.02, 0.98), 3); // [0,0,0,0,1,0,0,0]
 * ```
 */
export function detectStripes(values: Float64Array, snr: number): Uint8Array {
  const n = values.length;
  const mask = new Uint8Array(n);
  const sorted = Float64Array.from(values).sort();
  const drop = Math.floor(0.25 * n);
  const first = drop;
  const last = n - drop - 2; // numpy's [drop : -drop - 1]
  const count = last - first + 1;
  if (count < 2) return mask;
  let mx = 0;
  let my = 0;
  for (let i = first; i <= last; i++) {
    mx += i / count;
    my += sorted[i] / count;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = first; i <= last; i++) {
    sxy += (i - mx) * (sorted[i] - my);
    sxx += (i - mx) * (i - mx);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const end = intercept + slope * (n - 1);
  const noise = Math.max(Math.abs(end - intercept), 1e-6);
  if (Math.abs(sorted[n - 1] - end) / noise >= snr) {
    const upper = end + noise * snr * 0.5;
    for (let i = 0; i < n; i++) if (values[i] > upper) mask[i] = 1;
  }
  if (Math.abs(intercept - sorted[0]) / noise >= snr) {
    const lower = intercept - noise * snr * 0.5;
    for (let i = 0; i < n; i++) if (values[i] <= lower) mask[i] = 1;
  }
  return mask;
}

/**
 * The mask grown by one column on each side (scipy's `binary_dilation`, one iteration).
 *
 * @example
 * ```ts
 * dilate(Uint8Array.of(0, 0, 1, 0, 0)); // [0, 1, 1, 1, 0]
 * ```
 */
export function dilate(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 1 || (i > 0 && mask[i - 1] === 1) || (i + 1 < mask.length && mask[i + 1] === 1)) out[i] = 1;
  }
  return out;
}
