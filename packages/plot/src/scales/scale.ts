/**
 * Scales: a domain of data values mapped onto a range of pixels through a linear, log, symlog,
 * sqrt, gamma or asinh transform (h5web's scale types, plus matplotlib's asinh), with nice ticks
 * and tick labels.
 *
 * Values a scale cannot show map to NaN (v <= 0 on `log`), so that a renderer leaves a gap; with
 * `clamp`, values are first clamped into the domain (0 and negative values on `log` then sit at
 * the domain's low end).
 *
 * @example
 * ```ts
 * import { createScale } from '@pandaas/plot';
 * const x = createScale({ type: 'log', domain: [1, 1000], range: [0, 300] });
 * x.map(10); // 100
 * x.ticks(); // [1, 10, 100, 1000]
 * x.format(1000); // "1000"
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

import type { TickFormatOptions } from './format.js';
import { tickFormatter } from './format.js';
import type { TickSet } from './ticks.js';
import { linearTicks, logTicks, symlogTicks } from './ticks.js';
import { transformFor } from './transforms.js';

export { niceDomain } from './nice-domain.js';
export type { NiceDomainOptions } from './nice-domain.js';

/** The scale types. */
export type ScaleType = 'linear' | 'log' | 'symlog' | 'sqrt' | 'gamma' | 'asinh';

/** Every scale type. */
export const SCALE_TYPES: readonly ScaleType[] = Object.freeze(['linear', 'log', 'symlog', 'sqrt', 'gamma', 'asinh'] as const);

/** Options of {@link createScale}. */
export interface ScaleOptions {
  type: ScaleType;
  /** Data values at the two ends of the range (any order, distinct, finite; > 0 for `log`). */
  domain: [number, number];
  /** Pixel positions of the two domain ends (distinct, finite; reversed for a y axis). */
  range: [number, number];
  /** Exponent of the `gamma` scale (finite, > 0; default 1). */
  gamma?: number;
  /** Linear threshold of `symlog`, linear width of `asinh` (finite, > 0; default 1). */
  linthresh?: number;
  /** Clamp values to the domain in `map`, pixels to the range in `invert` (default false). */
  clamp?: boolean;
}

/** A scale: value ↔ pixel, ticks and labels. */
export interface Scale {
  readonly type: ScaleType;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** The pixel of a value (NaN for a value the scale cannot show). */
  map(v: number): number;
  /** The value at a pixel. */
  invert(px: number): number;
  /** About `count` (default 10) major tick values, ascending; remembered for `minorTicks` and `format`. */
  ticks(count?: number): number[];
  /** The minor ticks that go with the last `ticks` call (default count 10). */
  minorTicks(): number[];
  /** The label of a value, with the precision of the last `ticks` call's tick set. */
  format(v: number): string;
  /** A label function for the ticks of `count` (default: the last `ticks` call's). */
  tickFormat(count?: number, options?: TickFormatOptions): (v: number) => string;
  /** The full tick set (major, minor, labelling kind) for `count` ticks. */
  tickSet(count?: number): TickSet;
}

function finitePair(value: unknown, name: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new ArgumentError(`${name} must be two finite numbers, got ${show(value)}`);
  }
  if (value[0] === value[1]) throw new ArgumentError(`${name} must span a non-empty interval, got ${show(value)}`);
  return [value[0], value[1]];
}

function positiveOption(value: number | undefined, name: string): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ArgumentError(`${name} must be a finite number > 0, got ${show(value)}`);
  return value;
}

/**
 * Creates a scale. Throws `ArgumentError` naming the option for an unknown type, a domain or
 * range that is not two distinct finite numbers, a log domain that is not positive, or a gamma /
 * linthresh that is not a finite number > 0.
 *
 * @example
 * ```ts
 * const y = createScale({ type: 'linear', domain: [0, 1], range: [400, 0] });
 * y.map(0.25); // 300
 * y.invert(300); // 0.25
 * ```
 */
export function createScale(o: ScaleOptions): Scale {
  if (o === null || typeof o !== 'object') throw new ArgumentError(`options must be an object, got ${show(o)}`);
  const type = o.type;
  if (!SCALE_TYPES.includes(type)) throw new ArgumentError(`type must be one of ${SCALE_TYPES.map(show).join(', ')}; got ${show(type)}`);
  const domain = finitePair(o.domain, 'domain');
  const range = finitePair(o.range, 'range');
  if (type === 'log' && !(domain[0] > 0 && domain[1] > 0)) {
    throw new ArgumentError(`domain must be positive for a log scale, got ${show(domain)}; niceDomain('log', data) picks one from the positive values`);
  }
  const gamma = positiveOption(o.gamma, 'gamma');
  const linthresh = positiveOption(o.linthresh, 'linthresh');
  const clamp = o.clamp ?? false;
  if (typeof clamp !== 'boolean') throw new ArgumentError(`clamp must be a boolean, got ${show(clamp)}`);

  const t = transformFor({ type, domain, gamma, linthresh });
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const t0 = t.forward(d0);
  const k = (r1 - r0) / (t.forward(d1) - t0);
  const [dLo, dHi] = d0 < d1 ? [d0, d1] : [d1, d0];
  const [rLo, rHi] = r0 < r1 ? [r0, r1] : [r1, r0];
  const sets = new Map<number, TickSet>();
  let lastCount = 10;

  const tickSet = (count = lastCount): TickSet => {
    if (!Number.isFinite(count) || count < 1) throw new ArgumentError(`count must be a number >= 1, got ${show(count)}`);
    let set = sets.get(count);
    if (set === undefined) {
      if (type === 'log') set = logTicks(d0, d1, count);
      else if (type === 'symlog' || type === 'asinh') set = symlogTicks(d0, d1, linthresh, count);
      else set = linearTicks(d0, d1, count);
      sets.set(count, set);
    }
    return set;
  };
  const tickFormat = (count = lastCount, options?: TickFormatOptions) => tickFormatter(tickSet(count), options);

  return {
    type,
    domain: Object.freeze([d0, d1] as const),
    range: Object.freeze([r0, r1] as const),
    map(v) {
      const x = !clamp ? v : type === 'log' && v <= 0 ? dLo : Math.min(dHi, Math.max(dLo, v));
      return r0 + (t.forward(x) - t0) * k;
    },
    invert(px) {
      const p = clamp ? Math.min(rHi, Math.max(rLo, px)) : px;
      return t.inverse(t0 + (p - r0) / k);
    },
    ticks(count = 10) {
      const set = tickSet(count);
      lastCount = count;
      return set.major.slice();
    },
    minorTicks() {
      return tickSet().minor.slice();
    },
    format(v) {
      return tickFormat()(v);
    },
    tickFormat,
    tickSet,
  };
}
