/**
 * A domain for data: the range of the values a scale can show, widened to nice numbers.
 *
 * - NaN and ±Infinity are ignored; on `log`, so are values <= 0 (the documented fallback: a log
 *   axis shows the positive part of the data).
 * - Nothing to show (empty data, all NaN / infinite, nothing positive on `log`) throws an
 *   `ArgumentError` naming `data` and counting what it holds.
 * - `includeZero` (not on `log`) stretches the domain to 0.
 * - A single value v becomes v ± 10 % (±1 for 0); on `log`, the decade around it (v/10..10v for
 *   a power of ten).
 * - Widening: `linear`, `sqrt`, `gamma` to multiples of the 1-2-5 tick step (about `count` = 10
 *   ticks); `log` to decades when the data span one or more, else to 1, 2, 5 × 10^k; `symlog` and
 *   `asinh` to ±10^k beyond the linear threshold and to multiples of the step of the ±threshold
 *   interval inside it.
 *
 * @example
 * ```ts
 * import { niceDomain } from '@pandaas/plot';
 * niceDomain('linear', [0.13, 97.3, NaN]); // [0, 100]
 * niceDomain('log', [0, -1, 3, 4200]); // [1, 10000]
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

import type { ScaleType } from './scale.js';
import { niceLinear, niceMagnitude, snapToStep } from './ticks.js';

const TYPES: readonly ScaleType[] = ['linear', 'log', 'symlog', 'sqrt', 'gamma', 'asinh'];

/** Options of {@link niceDomain}. */
export interface NiceDomainOptions {
  /** Stretch the domain to include 0 (ignored on `log`). */
  includeZero?: boolean;
  /** Linear threshold (`symlog`) or width (`asinh`), finite and > 0 (default 1). */
  linthresh?: number;
  /** About how many ticks the widening aims at (default 10). */
  count?: number;
}

/** Rounds a symlog / asinh bound outward: to ±10^k beyond the threshold, else to a step inside it. */
function niceSymlogBound(v: number, c: number, up: boolean, count: number): number {
  if (v > c) return niceMagnitude(v, up);
  if (v < -c) return -niceMagnitude(-v, !up);
  return snapToStep(v, -c, c, count, up);
}

/**
 * A nice domain [lo, hi] (lo < hi) for `data` on a scale of `type` (see the module notes).
 *
 * @example
 * ```ts
 * niceDomain('symlog', [-350, 0.4, 12]); // [-1000, 100]
 * ```
 */
export function niceDomain(type: ScaleType, data: ArrayLike<number>, opts: NiceDomainOptions = {}): [number, number] {
  if (!TYPES.includes(type)) throw new ArgumentError(`type must be one of ${TYPES.map(show).join(', ')}; got ${show(type)}`);
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new ArgumentError(`data must be an array of numbers, got ${show(data)}`);
  }
  const count = opts.count ?? 10;
  if (!Number.isFinite(count) || count < 1) throw new ArgumentError(`count must be a number >= 1, got ${show(count)}`);
  const c = opts.linthresh ?? 1;
  if (!Number.isFinite(c) || c <= 0) throw new ArgumentError(`linthresh must be a finite number > 0, got ${show(c)}`);
  const n = data.length;
  if (n === 0) throw new ArgumentError('data is empty: there is nothing to plot');
  const log = type === 'log';
  let lo = Infinity;
  let hi = -Infinity;
  let nan = 0;
  let infinite = 0;
  let nonPositive = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (typeof v !== 'number') throw new ArgumentError(`data[${i}] must be a number, got ${show(v)}`);
    if (v !== v) nan++;
    else if (!Number.isFinite(v)) infinite++;
    else if (log && v <= 0) nonPositive++;
    else {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) {
    const held = `${n} value${n === 1 ? '' : 's'}: ${log ? `${nonPositive} <= 0, ` : ''}${nan} NaN, ${infinite} infinite`;
    throw new ArgumentError(log ? `data has no positive finite value to show on a log scale (${held})` : `data has no finite value to plot (${held})`);
  }
  if (opts.includeZero && !log) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (log) {
    if (lo === hi) {
      const down = niceMagnitude(lo, false);
      return down === lo ? [niceMagnitude(lo * 0.5, false), niceMagnitude(lo * 2, true)] : [down, niceMagnitude(lo, true)];
    }
    const mantissas = hi / lo >= 10 ? [1] : [1, 2, 5];
    return [niceMagnitude(lo, false, mantissas), niceMagnitude(hi, true, mantissas)];
  }
  if (lo === hi) {
    const delta = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= delta;
    hi += delta;
  }
  if (type === 'symlog' || type === 'asinh') return [niceSymlogBound(lo, c, false, count), niceSymlogBound(hi, c, true, count)];
  return niceLinear(lo, hi, count);
}
