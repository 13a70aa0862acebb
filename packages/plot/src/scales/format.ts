/**
 * Tick labels with one precision across a tick set.
 *
 * - Evenly spaced ticks (`kind: 'step'`): as many decimals as the step needs, the same for every
 *   tick (0, 0.5, 1.0 → "0.0", "0.5", "1.0"); when the largest tick is >= 1e6 or < 1e-4, exponent
 *   notation whose mantissa carries the step's precision ("1.0e6", "1.5e6", "2.5e-7").
 * - Decades and 1-2-5 ticks (`kind: 'magnitude'`): each tick's own shortest decimal ("0.01", "20",
 *   "5000") while every tick lies in [1e-3, 1e5), else exponent notation for all ("1e-7", "2e5").
 *
 * Exponents are written `1.5e-7` by default, or `1.5×10⁻⁷` (and `10⁵` for a mantissa of 1) with
 * `{ exponent: 'superscript' }`. Negative numbers use a hyphen-minus; zero is never "-0".
 *
 * @example
 * ```ts
 * const f = tickFormatter(linearTicks(0, 1, 5));
 * f(0.6000000000000001); // "0.6"
 * ```
 * @module
 */
import type { TickSet } from './ticks.js';

/** Options of {@link tickFormatter}. */
export interface TickFormatOptions {
  /** `e` (default): `1.5e-7`; `superscript`: `1.5×10⁻⁷`. */
  exponent?: 'e' | 'superscript';
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * Decimals needed to write `step` exactly (negative for a step of 10 or more).
 *
 * @example
 * ```ts
 * stepDecimals(0.25); // 2
 * stepDecimals(2e6); // -6
 * ```
 */
export function stepDecimals(step: number): number {
  const [mantissa, exponent] = Math.abs(step).toExponential().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return fraction.length - Number(exponent);
}

/** The decimal exponent of |v| as written in exponent notation (0 for 0). */
function exponentOf(v: number): number {
  return v === 0 ? 0 : Number(Math.abs(v).toExponential().split('e')[1]);
}

/**
 * "1.5e-7" from toExponential's "1.5e-7" / "1.5e+7", in the chosen style; `bare` writes a
 * mantissa of 1 as the power alone (10⁵ for a decade).
 */
function exponential(text: string, style: 'e' | 'superscript', bare: boolean): string {
  const [mantissa, exponent] = text.split('e');
  const e = String(Number(exponent));
  if (style === 'e') return `${mantissa}e${e}`;
  const power = `10${[...e].map((ch) => SUPERSCRIPT[ch]).join('')}`;
  if (bare && mantissa === '1') return power;
  if (bare && mantissa === '-1') return `-${power}`;
  return `${mantissa}×${power}`;
}

function noNegativeZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Formats a value with the precision of a tick step (see the module notes).
 *
 * @example
 * ```ts
 * formatStep(0.30000000000000004, 0.1); // "0.3"
 * formatStep(1.5e-7, 5e-8); // "1.5e-7"
 * ```
 */
export function formatStep(v: number, step: number, maxAbs?: number, o: TickFormatOptions = {}): string {
  if (!Number.isFinite(v)) return String(v);
  const value = Math.abs(v) < Math.abs(step) * 1e-9 ? 0 : v;
  const largest = maxAbs ?? Math.abs(value);
  const scientific = largest >= 1e6 || (largest > 0 && largest < 1e-4);
  if (!Number.isFinite(step) || step === 0) return formatMagnitude(v, !scientific, o); // a single tick
  const d = stepDecimals(step);
  if (!scientific) return noNegativeZero(value.toFixed(Math.min(100, Math.max(0, d))));
  if (value === 0) return '0';
  const decimals = Math.min(100, Math.max(0, exponentOf(value) + d));
  return exponential(value.toExponential(decimals), o.exponent ?? 'e', false);
}

/**
 * Formats a decade or 1-2-5 value by its own magnitude: plain when `plain`, else exponent
 * notation with the shortest mantissa.
 *
 * @example
 * ```ts
 * formatMagnitude(0.001, true); // "0.001"
 * formatMagnitude(1e-7, false, { exponent: 'superscript' }); // "10⁻⁷"
 * ```
 */
export function formatMagnitude(v: number, plain: boolean, o: TickFormatOptions = {}): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  if (plain) return String(v);
  return exponential(v.toExponential(), o.exponent ?? 'e', true);
}

/**
 * A label function for a tick set, with one precision for all its ticks.
 *
 * @example
 * ```ts
 * tickFormatter(logTicks(1e-8, 1))(1e-8); // "1e-8"
 * ```
 */
export function tickFormatter(ticks: TickSet, o: TickFormatOptions = {}): (v: number) => string {
  const maxAbs = ticks.major.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (ticks.kind === 'step') return (v) => formatStep(v, ticks.step, maxAbs, o);
  const plain = ticks.major.every((v) => v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5));
  return (v) => formatMagnitude(v, plain, o);
}
