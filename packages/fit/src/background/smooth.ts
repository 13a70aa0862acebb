import { ArgumentError, show } from '@pandaas/core';
import { checkInteger, readSeries, type Series } from './inputs.js';

/**
 * silx's `smooth1d` in place on `data[from, from + n)`: the [1/4, 1/2, 1/4] kernel, with
 * ys[0] = 3/4 y[0] + 1/4 y[1] and ys[n-1] = 1/4 y[n-2] + 3/4 y[n-1]; fewer than 3 samples are
 * left as they are. Allocates nothing.
 */
function smooth1dInPlace(data: Float64Array, from: number, n: number): void {
  if (n < 3) return;
  const last = from + n - 1;
  let previous = data[from];
  for (let i = from; i < last; i++) {
    const next = 0.25 * (previous + 2 * data[i] + data[i + 1]);
    previous = data[i];
    data[i] = next;
  }
  data[last] = 0.25 * previous + 0.75 * data[last];
}

/**
 * Simple smoothing as `silx.math.fit.filters.smooth1d`: ys[i] = (y[i-1] + 2 y[i] + y[i+1]) / 4,
 * with ys[0] = (3 y[0] + y[1]) / 4 and ys[n-1] = (y[n-2] + 3 y[n-1]) / 4. Bit-equal to silx.
 *
 * @example
 * ```ts
 * import { smooth1d } from '@pandaas/fit';
 * smooth1d([0, 4, 0]); // Float64Array [1, 2, 1]
 * ```
 */
export function smooth1d(y: Series): Float64Array {
  const data = readSeries(y, 'y');
  smooth1dInPlace(data, 0, data.length);
  return data;
}

/**
 * Savitzky-Golay smoothing (quadratic, `npoints` wide) as `silx.math.fit.filters.savitsky_golay`
 * (PyMca's), with silx's particulars: an even `npoints` grows by one; the first m = npoints / 2
 * samples and the m samples before the last get {@link smooth1d} ⌊npoints / 3⌋ + 1 times instead;
 * a sample whose filtered value is not positive keeps its (edge-smoothed) value; data shorter than
 * `npoints` come back unchanged. `npoints` must be 2 to 101 (3 gives the data back). Bit-equal to
 * silx.
 *
 * @example
 * ```ts
 * import { savitskyGolay } from '@pandaas/fit';
 * savitskyGolay([1, 5, 2, 8, 3, 9, 4], 5); // [1, 5, 5.086, 4.4, 6.771, 9, 4]: two points at each end kept
 * ```
 */
export function savitskyGolay(y: Series, npoints = 5): Float64Array {
  checkInteger(npoints, 'npoints', 2);
  const width = npoints % 2 === 0 ? npoints + 1 : npoints;
  if (width > 101) throw new ArgumentError(`npoints must be at most 101 (silx's limit); got ${show(npoints)}`);
  const out = readSeries(y, 'y');
  const n = out.length;
  if (n < width) return out;
  const m = (width - 1) / 2;
  const den = (2 * m - 1) * (2 * m + 1) * (2 * m + 3);
  const coeff = new Float64Array(width);
  for (let i = 0; i <= m; i++) {
    coeff[m + i] = 3 * (3 * m * m + 3 * m - 1 - 5 * i * i);
    coeff[m - i] = coeff[m + i];
  }
  const passes = Math.floor(width / 3) + 1;
  for (let j = 0; j < passes; j++) smooth1dInPlace(out, 0, m);
  for (let j = 0; j < passes; j++) smooth1dInPlace(out, n - m - 1, m);
  const data = Float64Array.from(out);
  for (let i = m; i < n - m; i++) {
    let sum = 0;
    for (let j = -m; j <= m; j++) sum += coeff[m + j] * data[i + j];
    if (sum > 0) out[i] = sum / den;
  }
  return out;
}
