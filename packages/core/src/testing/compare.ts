import { isFloat, type DType } from '../dtype.js';
import type { Logical } from './oracle.js';

/**
 * How close a result must be to its reference. An element passes when it equals the reference
 * (NaN matching NaN), or its error is within `abs + rel * scale` (scale: the reference's magnitude,
 * or the per-element scale given to {@link compare}), or within `ulp` units in the last place of
 * the reference in the result's dtype. `l2` instead bounds the whole array: the L2 norm of the
 * error over the L2 norm of the reference. An empty tolerance means exact equality, which
 * {@link compare} always demands of integer and bool results.
 */
export interface Tolerance {
  abs?: number;
  rel?: number;
  ulp?: number;
  l2?: number;
}

/** One verdict of a conformance case: what was compared, whether it passed, and by how much. */
export interface Check {
  label: string;
  passed: boolean;
  /** Largest absolute error over the elements (0 for exact matches and for non-numeric checks). */
  maxAbs: number;
  /**
   * Largest error relative to the reference's magnitude, over the elements with a non-zero
   * reference; for an `l2` tolerance, the relative L2 error of the whole array.
   */
  maxRel: number;
  /** The tolerance, in words. */
  tolerance: string;
  /** Why it failed: the first bad element, or the mismatch. */
  detail?: string;
}

/**
 * Spacing of the dtype's numbers at magnitude `x` (float32 for every non-float64 dtype).
 *
 * @example
 * ```ts
 * ulpOf(1, 'float32'); // 2 ** -23
 * ```
 */
export function ulpOf(x: number, dtype: DType): number {
  const [mantissa, minExp] = dtype === 'float64' ? [52, -1022] : [23, -126];
  const a = Math.abs(x);
  if (!Number.isFinite(a) || a === 0) return 2 ** (minExp - mantissa);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (Math.max(e, minExp) - mantissa);
}

/** A tolerance in words, for reports. @example `describeTolerance({ ulp: 1 }) // 'ulp 1'` */
export function describeTolerance(tol: Tolerance): string {
  const parts = Object.entries(tol).map(([k, v]) => `${k} ${v}`);
  return parts.length === 0 ? 'exact' : parts.join(', ');
}

/**
 * Compares a result with its reference: dtype and shape exactly, then the values under `tol`.
 *
 * @example
 * ```ts
 * const check = compare('add float32', got, want, { ulp: 1 });
 * if (!check.passed) console.log(check.detail);
 * ```
 */
export function compare(label: string, got: Logical, want: Logical, requested: Tolerance = {}, scale?: ArrayLike<number>): Check {
  const tol = isFloat(want.dtype) ? requested : {};
  const tolerance = describeTolerance(tol);
  const fail = (detail: string): Check => ({ label, passed: false, maxAbs: NaN, maxRel: NaN, tolerance, detail });
  if (got.dtype !== want.dtype) return fail(`dtype ${got.dtype}, expected ${want.dtype}`);
  if (got.shape.join() !== want.shape.join() || got.values.length !== want.values.length) {
    return fail(`shape [${got.shape.join(', ')}] (${got.values.length} values), expected [${want.shape.join(', ')}]`);
  }
  let maxAbs = 0;
  let maxRel = 0;
  let errSq = 0;
  let refSq = 0;
  let bad = -1;
  for (let i = 0; i < want.values.length; i++) {
    const g = got.values[i];
    const w = want.values[i];
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) continue;
    const d = Math.abs(g - w);
    if (Number.isNaN(d) || !Number.isFinite(w)) {
      if (bad < 0) bad = i;
      maxAbs = Infinity;
      continue;
    }
    maxAbs = Math.max(maxAbs, d);
    if (w !== 0) maxRel = Math.max(maxRel, d / Math.abs(w));
    const s = scale === undefined ? Math.abs(w) : scale[i];
    const ok = d <= (tol.abs ?? 0) + (tol.rel ?? 0) * s || d <= (tol.ulp ?? 0) * ulpOf(w, want.dtype);
    if (!ok && tol.l2 === undefined && bad < 0) bad = i;
  }
  if (tol.l2 !== undefined) {
    for (let i = 0; i < want.values.length; i++) {
      errSq += (got.values[i] - want.values[i]) ** 2;
      refSq += want.values[i] ** 2;
    }
    const relL2 = Math.sqrt(errSq) / Math.sqrt(refSq);
    const passed = bad < 0 && (errSq === 0 || relL2 <= tol.l2);
    const rel = errSq === 0 ? 0 : relL2;
    return { label, passed, maxAbs, maxRel: rel, tolerance, detail: passed ? undefined : `relative L2 error ${relL2}` };
  }
  if (bad < 0) return { label, passed: true, maxAbs, maxRel, tolerance };
  return { label, passed: false, maxAbs, maxRel, tolerance, detail: `element ${bad}: got ${got.values[bad]}, expected ${want.values[bad]}` };
}

/**
 * A check that is a plain yes/no (an error thrown as documented, a dtype refused).
 *
 * @example
 * ```ts
 * verdict('float64 refused', err instanceof DTypeError, String(err));
 * ```
 */
export function verdict(label: string, passed: boolean, detail?: string): Check {
  return { label, passed, maxAbs: 0, maxRel: 0, tolerance: 'exact', detail: passed ? undefined : detail };
}
