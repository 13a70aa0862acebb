/**
 * One axis of a plot: its label and units, scale type, fixed or automatic range, and direction.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { SCALE_TYPES, type ScaleType } from '../scales/scale.js';

/** How to build an axis ({@link axisModel}); every field is optional. */
export interface AxisOptions {
  /** The quantity shown, e.g. `'2θ'`. */
  label?: string;
  /** Its units, shown as `label (units)`. */
  units?: string;
  /** The scale type (default `'linear'`). */
  scale?: ScaleType;
  /** Exponent of the `'gamma'` scale (default 1). */
  gamma?: number;
  /** Half-width of the linear region of the `'symlog'` scale (default 1). */
  linthresh?: number;
  /** A fixed [min, max] range (given as [max, min], it also inverts the axis); omitted: from the data. */
  range?: readonly [number, number];
  /** Whether values grow leftwards (x) or downwards (y). */
  inverted?: boolean;
}

/** A validated axis. Build it with {@link axisModel}. */
export interface AxisModel {
  readonly label?: string;
  readonly units?: string;
  readonly scale: ScaleType;
  readonly gamma?: number;
  readonly linthresh?: number;
  readonly range?: readonly [number, number];
  readonly inverted: boolean;
}

function positive(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ArgumentError(`${name} must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}

/**
 * Validates axis options: a known scale, a finite non-empty range (positive on a log axis).
 *
 * @param name - how errors name the axis (`'x'`, `'y'`, `'y2'`)
 * @example
 * ```ts
 * const y = axisModel({ label: 'intensity', units: 'counts', scale: 'log' }, 'y');
 * ```
 */
export function axisModel(options: AxisOptions = {}, name = 'axis'): AxisModel {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`${name} options must be an object, got ${show(options)}`);
  const scale = options.scale ?? 'linear';
  if (!SCALE_TYPES.includes(scale)) throw new ArgumentError(`${name}.scale must be one of ${SCALE_TYPES.map(show).join(', ')}; got ${show(scale)}`);
  const range = options.range;
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)) || range[0] === range[1]) {
      throw new ArgumentError(`${name}.range must be two different finite numbers [min, max], got ${show(range)}`);
    }
    if (scale === 'log' && !(range[0] > 0 && range[1] > 0)) throw new ArgumentError(`${name}.range must be positive on a log axis, got ${show(range)}`);
  }
  for (const key of ['label', 'units'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') throw new ArgumentError(`${name}.${key} must be a string, got ${show(options[key])}`);
  }
  return {
    label: options.label,
    units: options.units,
    scale,
    gamma: positive(options.gamma, `${name}.gamma`),
    linthresh: positive(options.linthresh, `${name}.linthresh`),
    range: range === undefined ? undefined : [Math.min(range[0], range[1]), Math.max(range[0], range[1])],
    inverted: options.inverted ?? (range !== undefined && range[0] > range[1]),
  };
}

/**
 * The text under (or beside) an axis: `label (units)`, either part alone, or undefined.
 *
 * @example
 * ```ts
 * axisTitle(axisModel({ label: 'q', units: 'nm⁻¹' })); // 'q (nm⁻¹)'
 * ```
 */
export function axisTitle(axis: { label?: string; units?: string }): string | undefined {
  const label = axis.label?.trim() ?? '';
  const units = axis.units?.trim() ?? '';
  if (label === '' && units === '') return undefined;
  if (units === '') return label;
  return label === '' ? `(${units})` : `${label} (${units})`;
}
