/**
 * Colormap normalizations, as silx defines them (`silx.math.colormap`): a value v is mapped to
 * n(v), and n(vmin)..n(vmax) is cut into the 256 colours of the lookup table.
 *
 * | normalization | n(v) | valid values | silx's fallback range |
 * |---|---|---|---|
 * | `linear` | v | all | [0, 1] |
 * | `log` | log10 v (silx's table-based log10) | v > 0 | [1, 10] |
 * | `sqrt` | sqrt v | v >= 0 | [0, 1] |
 * | `gamma` | ((v - vmin) / (vmax - vmin))^gamma, clamped to [0, 1] | all | [0, 1] |
 * | `asinh` | asinh v (silx's `arcsinh`) | all | [0, 1] |
 *
 * @example
 * ```ts
 * normalizeValue(100, 'log', 1, 1000); // 2 (up to 6e-5)
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

import { silxLog10 } from './fast-log10.js';

/** A colormap normalization (silx calls `asinh` "arcsinh"). */
export type Normalization = 'linear' | 'log' | 'sqrt' | 'gamma' | 'asinh';

/** Every normalization, in silx's order. */
export const NORMALIZATIONS: readonly Normalization[] = Object.freeze(['linear', 'log', 'sqrt', 'gamma', 'asinh'] as const);

/**
 * Whether `name` is one of {@link NORMALIZATIONS}.
 *
 * @example
 * ```ts
 * isNormalization('log'); // true
 * ```
 */
export function isNormalization(name: unknown): name is Normalization {
  return typeof name === 'string' && (NORMALIZATIONS as readonly string[]).includes(name);
}

/**
 * Throws an `ArgumentError` naming `argument` (and listing the normalizations) unless `name` is one.
 *
 * @example
 * ```ts
 * assertNormalization('cubic'); // throws: normalization must be one of "linear", "log", ...; got "cubic"
 * ```
 */
export function assertNormalization(name: unknown, argument = 'normalization'): asserts name is Normalization {
  if (!isNormalization(name)) {
    throw new ArgumentError(`${argument} must be one of ${NORMALIZATIONS.map(show).join(', ')}; got ${show(name)}`);
  }
}

/**
 * The range silx falls back to when autoscale finds no usable value: [1, 10] for `log`, else [0, 1].
 *
 * @example
 * ```ts
 * fallbackRange('log'); // [1, 10]
 * ```
 */
export function fallbackRange(normalization: Normalization): [number, number] {
  return normalization === 'log' ? [1, 10] : [0, 1];
}

/**
 * silx's normalized value n(v) (`apply_double`): NaN for values outside the normalization's
 * domain (negative values on `log` and `sqrt`), -Infinity for 0 on `log`. For `gamma` the result
 * is clamped to [0, 1] and is 0 everywhere when vmin = vmax.
 *
 * @example
 * ```ts
 * normalizeValue(25, 'gamma', 0, 100, 0.5); // 0.5
 * ```
 */
export function normalizeValue(v: number, normalization: Normalization, vmin: number, vmax: number, gamma = 2): number {
  switch (normalization) {
    case 'linear':
      return v;
    case 'log':
      return silxLog10(v);
    case 'sqrt':
      return Math.sqrt(v);
    case 'asinh':
      return Math.asinh(v);
    case 'gamma':
      if (vmin === vmax || v <= vmin) return 0;
      if (v >= vmax) return 1;
      return Math.pow((v - vmin) / (vmax - vmin), gamma);
  }
}

/**
 * Checks a colour range for a normalization: finite vmin <= vmax, and inside the normalization's
 * domain (vmin > 0 for `log`, vmin >= 0 for `sqrt`). Throws an `ArgumentError` naming the bound.
 *
 * @example
 * ```ts
 * assertRange(0, 10, 'log'); // throws: vmin must be > 0 for the log normalization, got 0
 * ```
 */
export function assertRange(vmin: number, vmax: number, normalization: Normalization): void {
  for (const [name, v] of [['vmin', vmin], ['vmax', vmax]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${name} must be a finite number, got ${show(v)}`);
    if (normalization === 'log' && !(v > 0)) throw new ArgumentError(`${name} must be > 0 for the log normalization, got ${show(v)}`);
    if (normalization === 'sqrt' && !(v >= 0)) throw new ArgumentError(`${name} must be >= 0 for the sqrt normalization, got ${show(v)}`);
  }
  if (vmin > vmax) throw new ArgumentError(`vmin must be <= vmax, got vmin ${show(vmin)} and vmax ${show(vmax)}`);
}
