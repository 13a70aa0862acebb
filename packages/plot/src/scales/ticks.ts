/**
 * Tick positions at nice numbers.
 *
 * - Linear: multiples of a step m·10^k with m in {1, 2, 5}, chosen so that about `count` ticks fall
 *   in the domain (as d3's `ticks` and matplotlib's `MaxNLocator` with steps 1, 2, 5); minor ticks
 *   split a step in 5 (m = 1, 5) or 4 (m = 2). Tick values are the doubles nearest the decimal
 *   numbers (0.3, not 0.30000000000000004).
 * - Log: decades (every 1, 2, 3, 5, 10, ... decades when there are more than `count`), with minor
 *   ticks at 2..9 × 10^k (at the skipped decades when decades are skipped); a domain with fewer than 3 decades gets 1, 2, 5 × 10^k, and one with
 *   fewer than 3 of those falls back to linear ticks.
 * - Symlog and asinh: 0 and ±10^k for |10^k| >= linthresh, on both sides; linear ticks when the
 *   domain stays within ±linthresh or gives fewer than 3 such ticks; log ticks when it lies beyond
 *   linthresh on one side.
 *
 * @example
 * ```ts
 * linearTicks(0, 1, 5).major; // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * logTicks(1, 1e4).major; // [1, 10, 100, 1000, 10000]
 * ```
 * @module
 */

/** Ticks of a domain: major (labelled) and minor positions, ascending, and how to label them. */
export interface TickSet {
  /** Labelled tick positions, ascending. */
  major: number[];
  /** Unlabelled tick positions between the major ones, ascending. */
  minor: number[];
  /**
   * `step`: evenly spaced multiples of `step` (label with a fixed number of decimals);
   * `magnitude`: decades or 1-2-5 values (label each by its own magnitude).
   */
  kind: 'step' | 'magnitude';
  /** The major step (for `step` ticks), else NaN. */
  step: number;
}

/** The value m·10^p, the double nearest the decimal number. */
function decimal(m: number, p: number): number {
  return Number(`${m}e${p}`);
}

/** A step m·10^p with m in {1, 2, 5}. */
interface Step {
  m: number;
  p: number;
}

/** The 1-2-5 step that puts about `count` intervals in [lo, hi] (d3's rule). */
function chooseStep(lo: number, hi: number, count: number): Step | undefined {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return undefined;
  let p = Math.floor(Math.log10(raw));
  const err = raw / Math.pow(10, p);
  let m = err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1;
  if (m === 10) {
    m = 1;
    p += 1;
  }
  return { m, p };
}

/** All values i·m·10^p within [lo, hi] (i an integer). */
function multiples(lo: number, hi: number, { m, p }: Step): number[] {
  const step = decimal(m, p);
  let i0 = Math.ceil(lo / step);
  while (decimal((i0 - 1) * m, p) >= lo) i0--;
  while (decimal(i0 * m, p) < lo) i0++;
  let i1 = Math.floor(hi / step);
  while (decimal((i1 + 1) * m, p) <= hi) i1++;
  while (decimal(i1 * m, p) > hi) i1--;
  const out: number[] = [];
  for (let i = i0; i <= i1 && out.length <= 10_000; i++) out.push(decimal(i * m, p));
  return out;
}

function sorted(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/**
 * The major 1-2-5 step of about `count` linear ticks on [a, b], or NaN for an empty domain.
 *
 * @example
 * ```ts
 * tickStep(0, 97.3, 10); // 10
 * ```
 */
export function tickStep(a: number, b: number, count = 10): number {
  const [lo, hi] = sorted(a, b);
  const s = chooseStep(lo, hi, count);
  return s === undefined ? NaN : decimal(s.m, s.p);
}

/**
 * About `count` linear ticks on [a, b] (either order), with minor ticks.
 *
 * @example
 * ```ts
 * linearTicks(-1, 1, 4); // { major: [-1, -0.5, 0, 0.5, 1], minor: [-0.9, -0.8, ...], kind: 'step', step: 0.5 }
 * ```
 */
export function linearTicks(a: number, b: number, count = 10): TickSet {
  const [lo, hi] = sorted(a, b);
  let s = chooseStep(lo, hi, count);
  if (s === undefined) return { major: Number.isFinite(lo) ? [lo] : [], minor: [], kind: 'step', step: NaN };
  let major = multiples(lo, hi, s);
  if (major.length < 2 && count < 4) {
    // a short domain asked for very few ticks: halve the step rather than show one tick
    s = chooseStep(lo, hi, count * 2) ?? s;
    major = multiples(lo, hi, s);
  }
  // minor: 5 subdivisions of 1 and 5 steps, 4 of 2 steps
  const minorStep = s.m === 1 ? { m: 2, p: s.p - 1 } : s.m === 2 ? { m: 5, p: s.p - 1 } : { m: 1, p: s.p };
  const majors = new Set(major);
  const minor = multiples(lo, hi, minorStep).filter((v) => !majors.has(v));
  return { major, minor, kind: 'step', step: decimal(s.m, s.p) };
}

/** The smallest of 1, 2, 3, 5, 10, 20, 30, 50, ... that is >= x. */
function niceStride(x: number): number {
  for (let p = 0; ; p++) {
    for (const m of [1, 2, 3, 5]) if (m * 10 ** p >= x) return m * 10 ** p;
  }
}

/** First and last k with 10^k in [lo, hi] (lo > 0); k0 > k1 when there is none. */
function decadeRange(lo: number, hi: number): [number, number] {
  let k0 = Math.ceil(Math.log10(lo));
  while (decimal(1, k0 - 1) >= lo) k0--;
  while (decimal(1, k0) < lo) k0++;
  let k1 = Math.floor(Math.log10(hi));
  while (decimal(1, k1 + 1) <= hi) k1++;
  while (decimal(1, k1) > hi) k1--;
  return [k0, k1];
}

/** m·10^k for m in `ms` and k in k0..k1, within [lo, hi], ascending. */
function mantissaTicks(lo: number, hi: number, k0: number, k1: number, ms: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) {
    for (const m of ms) {
      const v = decimal(m, k);
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  return out;
}

const ALL_MANTISSAS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * About `count` (at most) ticks on a log domain [a, b] (either order, both > 0): decades, 1-2-5
 * values on short domains, linear ticks on very short ones (see the module notes).
 *
 * @example
 * ```ts
 * logTicks(1, 50).major; // [1, 2, 5, 10, 20, 50]
 * ```
 */
export function logTicks(a: number, b: number, count = 10): TickSet {
  const [lo, hi] = sorted(a, b);
  const [k0, k1] = decadeRange(lo, hi);
  const decades = k1 - k0 + 1;
  if (decades >= 3) {
    const stride = niceStride(decades / Math.max(1, count));
    let major = mantissaTicks(lo, hi, k0, k1, [1]).filter((_, i) => (k0 + i) % stride === 0);
    if (major.length < 2) major = mantissaTicks(lo, hi, k0, k1, [1]).filter((_, i) => i % stride === 0);
    // minor: 2..9 × 10^k between decades; the skipped decades (every stride / 10-th beyond 10)
    const majors = new Set(major);
    const minorStride = stride <= 10 ? 1 : stride / 10;
    const minor =
      stride === 1
        ? mantissaTicks(lo, hi, k0 - 1, k1, ALL_MANTISSAS.slice(1))
        : mantissaTicks(lo, hi, k0, k1, [1]).filter((v, i) => (k0 + i) % minorStride === 0 && !majors.has(v));
    return { major, minor, kind: 'magnitude', step: NaN };
  }
  const k = Math.floor(Math.log10(lo)) - 1;
  const kk = Math.ceil(Math.log10(hi)) + 1;
  const oneTwoFive = mantissaTicks(lo, hi, k, kk, [1, 2, 5]);
  if (oneTwoFive.length >= 3) {
    const majors = new Set(oneTwoFive);
    const minor = mantissaTicks(lo, hi, k, kk, ALL_MANTISSAS).filter((v) => !majors.has(v));
    return { major: oneTwoFive, minor, kind: 'magnitude', step: NaN };
  }
  return linearTicks(lo, hi, count);
}

/**
 * Ticks on a symlog (or asinh) domain [a, b] with linear threshold `linthresh`: 0 and ±10^k
 * beyond it, on both sides (see the module notes).
 *
 * @example
 * ```ts
 * symlogTicks(-1000, 1000, 1).major; // [-1000, -100, -10, -1, 0, 1, 10, 100, 1000]
 * ```
 */
export function symlogTicks(a: number, b: number, linthresh = 1, count = 10): TickSet {
  const [lo, hi] = sorted(a, b);
  const c = linthresh;
  if (lo >= -c && hi <= c) return linearTicks(lo, hi, count);
  if (lo >= c) return logTicks(lo, hi, count);
  if (hi <= -c) {
    const t = logTicks(-hi, -lo, count);
    const negate = (xs: number[]) => xs.map((v) => -v).reverse();
    return { major: negate(t.major), minor: negate(t.minor), kind: t.kind, step: t.step };
  }
  // decades at or beyond the threshold, on each side the domain reaches
  let kmin = Math.ceil(Math.log10(c));
  while (decimal(1, kmin - 1) >= c) kmin--;
  while (decimal(1, kmin) < c) kmin++;
  const kPos = hi >= decimal(1, kmin) ? decadeRange(decimal(1, kmin), hi)[1] : kmin - 1;
  const kNeg = -lo >= decimal(1, kmin) ? decadeRange(decimal(1, kmin), -lo)[1] : kmin - 1;
  const sides = kPos - kmin + 1 + (kNeg - kmin + 1);
  const stride = niceStride(sides / Math.max(1, count - 1));
  const keep = (k: number) => k % stride === 0 || stride === 1;
  const major: number[] = [];
  for (let k = kNeg; k >= kmin; k--) if (keep(k)) major.push(-decimal(1, k));
  if (lo <= 0 && hi >= 0) major.push(0);
  for (let k = kmin; k <= kPos; k++) if (keep(k)) major.push(decimal(1, k));
  if (major.length < 3) return linearTicks(lo, hi, count);
  const minor: number[] = [];
  if (stride === 1) {
    const ms = ALL_MANTISSAS.slice(1);
    const neg = mantissaTicks(Math.max(c, 0), -lo, kmin - 1, kNeg, ms).filter((v) => v > c);
    const pos = mantissaTicks(Math.max(c, 0), hi, kmin - 1, kPos, ms).filter((v) => v > c);
    minor.push(...neg.map((v) => -v).reverse(), ...pos);
  }
  return { major, minor, kind: 'magnitude', step: NaN };
}

/** The largest multiple of the step <= v (down) or the smallest >= v (up). */
function roundToStep(v: number, s: Step, up: boolean): number {
  let i = Math.floor(v / decimal(s.m, s.p));
  while (decimal(i * s.m, s.p) > v) i--;
  while (decimal((i + 1) * s.m, s.p) <= v) i++;
  if (up && decimal(i * s.m, s.p) < v) i++;
  return decimal(i * s.m, s.p);
}

/**
 * `v` rounded down (or up) to a multiple of the 1-2-5 step of about `count` ticks on [a, b].
 *
 * @example
 * ```ts
 * snapToStep(-0.5, -1, 1, 10, false); // -0.6 (step 0.2)
 * ```
 */
export function snapToStep(v: number, a: number, b: number, count: number, up: boolean): number {
  const [lo, hi] = sorted(a, b);
  const s = chooseStep(lo, hi, count);
  return s === undefined ? v : roundToStep(v, s, up);
}

/**
 * [lo, hi] widened to multiples of the 1-2-5 tick step of about `count` ticks, repeated until
 * stable (d3's `nice`).
 *
 * @example
 * ```ts
 * niceLinear(0.13, 97.3); // [0, 100]
 * ```
 */
export function niceLinear(lo: number, hi: number, count = 10): [number, number] {
  for (let i = 0; i < 10; i++) {
    const s = chooseStep(lo, hi, count);
    if (s === undefined) break;
    const nlo = roundToStep(lo, s, false);
    const nhi = roundToStep(hi, s, true);
    if (nlo === lo && nhi === hi) break;
    lo = nlo;
    hi = nhi;
  }
  return [lo, hi];
}

/**
 * The largest 10^k (or m·10^k for m in `mantissas`) <= v (down) or the smallest >= v (up), v > 0.
 *
 * @example
 * ```ts
 * niceMagnitude(37, true, [1, 2, 5]); // 50
 * ```
 */
export function niceMagnitude(v: number, up: boolean, mantissas: readonly number[] = [1]): number {
  const k = Math.floor(Math.log10(v));
  const candidates = mantissaTicks(0, Infinity, k - 1, k + 1, mantissas);
  if (up) return candidates.find((c) => c >= v) ?? decimal(1, k + 2);
  return candidates.reverse().find((c) => c <= v) ?? decimal(1, k - 1);
}
