import { allocate } from '../../dtype.js';
import { radices as radicesOf } from '../../ops/fft.js';

/** The radices and twiddles of one transform length, shared by every call and thread. */
export interface FftPlan {
  /** The transform length. */
  readonly n: number;
  /** Radix of each stage, in order (4s first, then 2, 3, 5, 7). */
  readonly radices: Int32Array;
  /**
   * Per stage: cos/sin of 2*pi*j/r for j < r, then of 2*pi*((p*t) mod len)/len for p < m,
   * 1 <= t < r (float64; the sign of sin is applied per direction).
   */
  readonly twiddles: Float64Array;
}

const plans = new Map<number, FftPlan>();

/**
 * The plan of a length (n a product of 2, 3, 5, 7), computed once and cached. Twiddles live on a
 * SharedArrayBuffer where there is one, so handing them to the pool copies nothing.
 *
 * @example
 * ```ts
 * fftPlan(60).radices; // Int32Array [4, 3, 5]
 * ```
 */
export function fftPlan(n: number): FftPlan {
  let plan = plans.get(n);
  if (plan !== undefined) return plan;
  const radices = radicesOf(n);
  let size = 0;
  for (let k = 0, len = n; k < radices.length; len /= radices[k], k++) size += 2 * radices[k] + 2 * (radices[k] - 1) * (len / radices[k]);
  const twiddles = allocate('float64', size, true);
  let at = 0;
  let len = n;
  for (const r of radices) {
    const m = len / r;
    for (let j = 0; j < r; j++, at += 2) {
      twiddles[at] = Math.cos((2 * Math.PI * j) / r);
      twiddles[at + 1] = Math.sin((2 * Math.PI * j) / r);
    }
    for (let p = 0; p < m; p++) {
      for (let t = 1; t < r; t++, at += 2) {
        const angle = (2 * Math.PI * ((p * t) % len)) / len;
        twiddles[at] = Math.cos(angle);
        twiddles[at + 1] = Math.sin(angle);
      }
    }
    len = m;
  }
  plan = { n, radices: Int32Array.from(radices), twiddles };
  plans.set(n, plan);
  return plan;
}
