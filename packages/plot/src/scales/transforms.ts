/**
 * The monotonic transforms behind the scale types: a scale maps t(v) linearly onto its pixel
 * range.
 *
 * | type | t(v) | inverse |
 * |---|---|---|
 * | `linear` | v | t |
 * | `log` | log10 v (NaN for v <= 0) | 10^t |
 * | `symlog` | v·L for \|v\| <= C, else sign(v)·C·(L + log10(\|v\|/C)), L = 1/(1 - 1/10) | (matplotlib's, base 10, linscale 1) |
 * | `sqrt` | sign(v)·sqrt(\|v\|) | sign(t)·t² |
 * | `gamma` | sign(u)·\|u\|^γ with u = (v - d0)/(d1 - d0) | d0 + (d1 - d0)·sign(t)·\|t\|^(1/γ) |
 * | `asinh` | C·asinh(v/C) | C·sinh(t/C) (matplotlib's AsinhScale, linear width C) |
 *
 * C is the scale's `linthresh` (default 1).
 *
 * @example
 * ```ts
 * const t = transformFor({ type: 'symlog', domain: [-100, 100], linthresh: 1 });
 * t.forward(10); // 1 · (1.111 + 1) = 2.111
 * ```
 * @module
 */
import type { ScaleType } from './scale.js';

/** A forward transform and its inverse. */
export interface Transform {
  forward(v: number): number;
  inverse(t: number): number;
}

/** matplotlib's symlog `linscale_adj` for base 10 and linscale 1: 1 / (1 - 1/10). */
const SYMLOG_LINSCALE = 1 / (1 - 1 / 10);

const identity: Transform = { forward: (v) => v, inverse: (t) => t };

const log: Transform = {
  forward: (v) => (v > 0 ? Math.log10(v) : NaN),
  inverse: (t) => Math.pow(10, t),
};

const sqrt: Transform = {
  forward: (v) => Math.sign(v) * Math.sqrt(Math.abs(v)),
  inverse: (t) => Math.sign(t) * t * t,
};

function symlog(c: number): Transform {
  const L = SYMLOG_LINSCALE;
  return {
    forward: (v) => (Math.abs(v) <= c ? v * L : Math.sign(v) * c * (L + Math.log10(Math.abs(v) / c))),
    inverse: (t) => (Math.abs(t) <= c * L ? t / L : Math.sign(t) * c * Math.pow(10, Math.abs(t) / c - L)),
  };
}

function asinh(c: number): Transform {
  return { forward: (v) => c * Math.asinh(v / c), inverse: (t) => c * Math.sinh(t / c) };
}

function gamma(d0: number, d1: number, g: number): Transform {
  const span = d1 - d0;
  return {
    forward: (v) => {
      const u = (v - d0) / span;
      return Math.sign(u) * Math.pow(Math.abs(u), g);
    },
    inverse: (t) => d0 + span * Math.sign(t) * Math.pow(Math.abs(t), 1 / g),
  };
}

/**
 * The transform of a scale type (`domain` is only used by `gamma`, `linthresh` by `symlog` and
 * `asinh`). Inputs are trusted: `createScale` validates them.
 *
 * @example
 * ```ts
 * transformFor({ type: 'log', domain: [1, 100] }).forward(100); // 2
 * ```
 */
export function transformFor(o: { type: ScaleType; domain: readonly [number, number]; gamma?: number; linthresh?: number }): Transform {
  switch (o.type) {
    case 'linear':
      return identity;
    case 'log':
      return log;
    case 'sqrt':
      return sqrt;
    case 'symlog':
      return symlog(o.linthresh ?? 1);
    case 'asinh':
      return asinh(o.linthresh ?? 1);
    case 'gamma':
      return gamma(o.domain[0], o.domain[1], o.gamma ?? 1);
  }
}
