/**
 * silx's parameter constraints (silx.math.fit.leastsq codes 0-7), one per parameter.
 *
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';

/**
 * The constraint on one parameter, as silx's codes:
 * - `free`: unconstrained; `positive`: fitted as |θ| (silx's CPOSITIVE);
 * - `quoted`: within [min, max], fitted as θ with p = A + B·sin θ (A, B the middle and half-width;
 *   MINUIT's transform, as silx and lmfit) — p0 must lie within the bounds;
 * - `fixed`: held at p0; `ignored`: held at 0 (silx drops the parameter from the model; here it
 *   stays in the vector, at 0);
 * - `factor`: p = factor·p[ref]; `delta`: p = delta + p[ref]; `sum`: p = sum - p[ref] — `ref` a
 *   parameter index or name, itself neither tied nor ignored.
 *
 * @example
 * ```ts
 * const c: Constraint[] = [{ code: 'free' }, { code: 'quoted', min: 0, max: 1 }, { code: 'delta', ref: 'Position1', delta: 12.5 }];
 * ```
 */
export type Constraint =
  | { code: 'free' }
  | { code: 'positive' }
  | { code: 'quoted'; min: number; max: number }
  | { code: 'fixed' }
  | { code: 'factor'; ref: number | string; factor: number }
  | { code: 'delta'; ref: number | string; delta: number }
  | { code: 'sum'; ref: number | string; sum: number }
  | { code: 'ignored' };

/**
 * silx's numeric code of each constraint (CFREE = 0 ... CIGNORED = 7).
 *
 * @example
 * ```ts
 * import { CONSTRAINT_CODES } from '@pandaas/fit';
 * CONSTRAINT_CODES.quoted; // 2, silx's CQUOTED
 * ```
 */
export const CONSTRAINT_CODES: Readonly<Record<Constraint['code'], number>> = {
  free: 0, positive: 1, quoted: 2, fixed: 3, factor: 4, delta: 5, sum: 6, ignored: 7,
};

/** The value if a finite number; else an ArgumentError naming options.constraints[j].key. */
function finite(value: unknown, j: number, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`options.constraints[${j}].${key} must be a finite number; got ${show(value)}`);
  }
  return value;
}

/** The index of the parameter a tie refers to (by index or name); else an ArgumentError. */
function resolveRef(ref: unknown, names: readonly string[], j: number): number {
  if (typeof ref === 'number' && Number.isInteger(ref) && ref >= 0 && ref < names.length) return ref;
  if (typeof ref === 'string') {
    const index = names.indexOf(ref);
    if (index >= 0) return index;
  }
  throw new ArgumentError(`options.constraints[${j}].ref names no parameter: got ${show(ref)} (parameters: ${names.join(', ')})`);
}

/**
 * Checks `constraints` (undefined: all free) against the parameter names and p0, and writes them
 * as silx codes into the workspace arrays: code, ca (quoted: min), cb (quoted: max; factor, delta,
 * sum: their number), ref (the tie's parameter index). Returns how many parameters are fitted.
 * Throws ShapeError/ArgumentError naming the constraint and value: unknown codes, bounds that are
 * not min < max, p0 outside its bounds, ties to missing, tied or ignored parameters, or nothing
 * left to fit.
 *
 * @example
 * ```ts
 * encodeConstraints([{ code: 'fixed' }, { code: 'free' }], ['a', 'b'], p0, code, ca, cb, ref); // 1
 * ```
 */
export function encodeConstraints(
  constraints: readonly Constraint[] | undefined, names: readonly string[], p0: ArrayLike<number>,
  code: Int32Array, ca: Float64Array, cb: Float64Array, ref: Int32Array,
): number {
  const nP = names.length;
  if (nP === 0) throw new ArgumentError('the model has no parameters to fit');
  if (constraints === undefined) {
    code.fill(0, 0, nP);
    return nP;
  }
  if (!Array.isArray(constraints) || constraints.length !== nP) {
    throw new ShapeError(`options.constraints must be an array with one constraint per parameter (${nP}: ${names.join(', ')}); got ${show(constraints)}`);
  }
  for (let j = 0; j < nP; j++) {
    const c = constraints[j] as Partial<Record<string, unknown>> | undefined;
    const kind = typeof c === 'object' && c !== null ? c.code : undefined;
    const value = typeof kind === 'string' && Object.hasOwn(CONSTRAINT_CODES, kind) ? CONSTRAINT_CODES[kind as Constraint['code']] : undefined;
    if (value === undefined) {
      throw new ArgumentError(`options.constraints[${j}].code must be one of ${Object.keys(CONSTRAINT_CODES).join(', ')}; got ${show(kind ?? c)}`);
    }
    code[j] = value;
    ca[j] = 0;
    cb[j] = 0;
    ref[j] = -1;
    if (kind === 'quoted') {
      const min = finite(c?.min, j, 'min'), max = finite(c?.max, j, 'max');
      if (!(min < max)) throw new ArgumentError(`options.constraints[${j}] needs min < max; got min = ${min}, max = ${max}`);
      if (!(p0[j] >= min && p0[j] <= max)) {
        throw new ArgumentError(`p0[${j}] (${names[j]}) = ${show(p0[j])} lies outside its quoted bounds [${min}, ${max}]`);
      }
      ca[j] = min;
      cb[j] = max;
    } else if (kind === 'factor' || kind === 'delta' || kind === 'sum') {
      ref[j] = resolveRef(c?.ref, names, j);
      if (ref[j] === j) throw new ArgumentError(`options.constraints[${j}].ref ties ${names[j]} to itself`);
      cb[j] = finite(c?.[kind], j, kind);
    }
  }
  let nFree = 0;
  for (let j = 0; j < nP; j++) {
    if (code[j] <= 2) nFree++;
    if (ref[j] >= 0 && code[ref[j]] >= 4) {
      throw new ArgumentError(
        `options.constraints[${j}] ties ${names[j]} to ${names[ref[j]]}, which is itself ${constraints[ref[j]].code}: tie to a free, positive, quoted or fixed parameter`,
      );
    }
  }
  if (nFree === 0) throw new ArgumentError(`options.constraints leave no parameter to fit (every one is fixed, tied or ignored)`);
  return nFree;
}
