/**
 * Values to RGBA pixels through a colormap, with silx's normalizations and autoscale, and
 * distinct colours for NaN, +Infinity, -Infinity and masked pixels (h5web#1372).
 *
 * A finite value v gets the lookup-table entry silx's `cmap` gives it: with n0 = n(vmin),
 * n1 = n(vmax), entry 0 if n(v) <= n0, 255 if n(v) >= n1, else trunc((n(v) - n0) * 256 / (n1 - n0)).
 * Where silx and pandaas differ, by design:
 *
 * | pixel | silx | pandaas (default colour) |
 * |---|---|---|
 * | NaN | NaN colour | `nanColor` (transparent white, silx's) |
 * | +Infinity | last entry | `posInfColor` (magenta 255, 0, 255) |
 * | -Infinity | first entry (NaN colour on `log`, `sqrt`) | `negInfColor` (cyan 0, 255, 255) |
 * | masked (`mask[i] != 0`) | not part of the colormap | `maskColor` (grey 160, 160, 160) |
 *
 * As in silx, finite values outside the normalization's domain (negative values on `log` and
 * `sqrt`) get the NaN colour, and 0 on `log` gets the first entry.
 *
 * @example
 * ```ts
 * import { colorize } from '@pandaas/plot';
 * const img = colorize(new Float32Array([0, 1, NaN, 3]), 2, 2, { colormap: 'magma' });
 * img.rgba.length; // 16; img.vmin 0, img.vmax 3
 * ```
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';

import type { AutoscaleMode } from './autoscale.js';
import { AUTOSCALE_MODES, autoscale } from './autoscale.js';
import { LOG10_2, LOG2_MANTISSA, silxLog10 } from './fast-log10.js';
import { LUT_SIZE, sharedLut } from './colormaps.js';
import type { Normalization } from './normalization.js';
import { assertNormalization, assertRange, normalizeValue } from './normalization.js';

/** A colour: red, green, blue, alpha, each an integer 0..255. */
export type RGBA = readonly [number, number, number, number];

/** Default colour of NaN pixels: transparent white (silx's NaN colour). */
export const DEFAULT_NAN_COLOR: RGBA = Object.freeze([255, 255, 255, 0] as const);
/** Default colour of +Infinity pixels: magenta. */
export const DEFAULT_POS_INF_COLOR: RGBA = Object.freeze([255, 0, 255, 255] as const);
/** Default colour of -Infinity pixels: cyan. */
export const DEFAULT_NEG_INF_COLOR: RGBA = Object.freeze([0, 255, 255, 255] as const);
/** Default colour of masked pixels: light grey. */
export const DEFAULT_MASK_COLOR: RGBA = Object.freeze([160, 160, 160, 255] as const);
/** Default gamma of the `gamma` normalization (silx's `Colormap` default). */
export const DEFAULT_GAMMA = 2;

/**
 * How values are coloured: the options {@link colorize} and image layers share.
 *
 * @example
 * ```ts
 * const look: ColorOptions = { colormap: 'magma', normalization: 'log', vmin: 1 };
 * colorize(frame, 2167, 2070, look);
 * ```
 */
export interface ColorOptions {
  /** A name of `COLORMAP_NAMES` (default `viridis`); unknown names throw, listing the known ones. */
  colormap?: string;
  /** Default `linear`. */
  normalization?: Normalization;
  /** Exponent of the `gamma` normalization, finite and > 0 (default 2, silx's). */
  gamma?: number;
  /** Colour range bounds; a missing one is autoscaled (silx's rule: vmin <= vmax kept). */
  vmin?: number;
  vmax?: number;
  /** Autoscale mode for missing bounds (default `minmax`). */
  autoscale?: AutoscaleMode;
  /** Colours of NaN, +Infinity, -Infinity and masked pixels (default: the `DEFAULT_*_COLOR`s). */
  nanColor?: RGBA;
  posInfColor?: RGBA;
  negInfColor?: RGBA;
  /** One value a pixel, row-major like the values; non-zero = masked. */
  mask?: ArrayLike<number>;
  maskColor?: RGBA;
}

/** Options of {@link colorize}: the {@link ColorOptions} and where to write the pixels. */
export interface ColorizeOptions extends ColorOptions {
  /** Where to write the pixels (width × height × 4 bytes, 4-byte aligned); a new array if absent. */
  out?: Uint8ClampedArray;
}

/** The pixels {@link colorize} made and the range it used. */
export interface Colorized {
  /** width × height RGBA pixels, row-major, first row first. */
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** The colour range used. */
  vmin: number;
  vmax: number;
  colormap: string;
  normalization: Normalization;
  gamma: number;
  /** `given` (both bounds given), `data` (autoscaled) or `fallback` (no usable value: silx's default range). */
  rangeSource: 'given' | 'data' | 'fallback';
}

const packBytes = new Uint8Array(4);
const packWord = new Int32Array(packBytes.buffer);

function colorWord(color: RGBA | undefined, fallback: RGBA, name: string): number {
  const c = color ?? fallback;
  if (!Array.isArray(c) || c.length !== 4 || !c.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)) {
    throw new ArgumentError(`${name} must be [r, g, b, a] with integers 0..255, got ${show(c)}`);
  }
  packBytes.set(c);
  return packWord[0];
}

function nonNegativeInteger(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 0) throw new ArgumentError(`${name} must be a non-negative integer, got ${show(v)}`);
}

/** The three special colours, packed as the output's 32-bit words. */
interface Specials {
  nan: number;
  pos: number;
  neg: number;
}

/** The colour range in normalized units: entry = trunc((n(v) - n0) * scale) clamped to 0..256. */
interface Mapping {
  vmin: number;
  vmax: number;
  n0: number;
  /**
   * 256 / (n1 - n0); Infinity when n0 = n1 (then n(v) > n0 gives the last entry, as in silx), 0
   * when n1 - n0 overflows.
   */
  scale: number;
  gamma: number;
}

// One loop per normalization, so that each stays monomorphic (measured: one shared loop calling
// the normalization as a function colours a 2167 x 2070 frame 1.5-3x slower). `lut` has 257 words (the last
// repeats entry 255, for an index that rounds up to 256). With t = (n(v) - n0) * scale, the entry
// is 0 for t <= 0 (n(v) <= n0) and for t = NaN (0 * Infinity), trunc(t) inside, 256 above:
// exactly silx's rule, with one multiply a pixel. Imported bindings used per pixel are copied to
// locals first: some module loaders (tsx, vitest) turn each use of one into a getter call.

function paintLinear(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, m: Mapping, s: Specials): void {
  const { n0, scale } = m;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) {
      out[i] = v !== v ? s.nan : v > 0 ? s.pos : s.neg;
      continue;
    }
    const t = (v - n0) * scale;
    out[i] = lut[t > 0 ? (t < 256 ? t | 0 : 256) : 0];
  }
}

function paintLog(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, m: Mapping, s: Specials): void {
  const { n0, scale } = m;
  const log10 = silxLog10;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) {
      out[i] = v !== v ? s.nan : v > 0 ? s.pos : s.neg;
      continue;
    }
    if (v < 0) {
      out[i] = s.nan;
      continue;
    }
    const t = (log10(v) - n0) * scale;
    out[i] = lut[t > 0 ? (t < 256 ? t | 0 : 256) : 0];
  }
}

/**
 * {@link paintLog} for float32 data: silx's log10 read straight from the bits of positive normal
 * values (the table index is the top 12 of the 23 fraction bits rounded half to even: adding
 * 0x3ff plus the lowest kept bit carries exactly when rounding up), written out here because
 * V8 does not inline a call in this loop.
 */
function paintLogFloat32(values: Float32Array, out: Int32Array, lut: Int32Array, m: Mapping, s: Specials): void {
  const { n0, scale } = m;
  const table = LOG2_MANTISSA;
  const log10Of2 = LOG10_2;
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    const exponent = b >>> 23;
    if (exponent - 1 >= 254) {
      // 0, subnormal, negative, infinite or NaN
      out[i] = logSpecial(values[i], lut, m, s);
      continue;
    }
    const index = ((b & 0x7fffff) + 0x3ff + ((b >>> 11) & 1)) >>> 11;
    const t = (log10Of2 * (exponent - 126 + table[index]) - n0) * scale;
    out[i] = lut[t > 0 ? (t < 256 ? t | 0 : 256) : 0];
  }
}

/** The colour of a value off {@link paintLogFloat32}'s fast path. */
function logSpecial(v: number, lut: Int32Array, m: Mapping, s: Specials): number {
  if (v - v !== 0) return v !== v ? s.nan : v > 0 ? s.pos : s.neg;
  if (v < 0) return s.nan;
  const t = (silxLog10(v) - m.n0) * m.scale;
  return lut[t > 0 ? (t < 256 ? t | 0 : 256) : 0];
}

function paintSqrt(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, m: Mapping, s: Specials): void {
  const { n0, scale } = m;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) {
      out[i] = v !== v ? s.nan : v > 0 ? s.pos : s.neg;
      continue;
    }
    if (v < 0) {
      out[i] = s.nan;
      continue;
    }
    const t = (Math.sqrt(v) - n0) * scale;
    out[i] = lut[t > 0 ? (t < 256 ? t | 0 : 256) : 0];
  }
}

function paintAsinh(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, m: Mapping, s: Specials): void {
  const { n0, scale } = m;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) {
      out[i] = v !== v ? s.nan : v > 0 ? s.pos : s.neg;
      continue;
    }
    const t = (Math.asinh(v) - n0) * scale;
    out[i] = lut[t > 0 ? (t < 256 ? t | 0 : 256) : 0];
  }
}

/** gamma: n(v) = ((v - vmin) / (vmax - vmin))^gamma inside the range, n0 = 0 and n1 = 1. */
function paintGamma(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, m: Mapping, s: Specials): void {
  const { vmin, vmax, gamma } = m;
  const span = vmax - vmin;
  const first = lut[0];
  const last = lut[255];
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) out[i] = v !== v ? s.nan : v > 0 ? s.pos : s.neg;
    else if (v <= vmin || span === 0) out[i] = first;
    else if (v >= vmax) out[i] = last;
    else out[i] = lut[(Math.pow((v - vmin) / span, gamma) * 256) | 0];
  }
}

/**
 * silx's rule spelled out, for a range whose width overflows (n1 - n0 = Infinity, scale 0):
 * entry 0 for n(v) <= n0, 255 for n(v) >= n1, else trunc((n(v) - n0) * scale).
 */
function paintWide(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, normalization: Normalization, m: Mapping, s: Specials): void {
  const { vmin, vmax, gamma, n0, scale } = m;
  const n1 = normalizeValue(vmax, normalization, vmin, vmax, gamma);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    const t = normalizeValue(v, normalization, vmin, vmax, gamma);
    if (v - v !== 0) out[i] = v !== v ? s.nan : v > 0 ? s.pos : s.neg;
    else if (t !== t) out[i] = s.nan;
    else out[i] = lut[t <= n0 ? 0 : t >= n1 ? LUT_SIZE - 1 : Math.min(((t - n0) * scale) | 0, LUT_SIZE - 1)];
  }
}

function paint(values: ArrayLike<number>, out: Int32Array, lut: Int32Array, normalization: Normalization, m: Mapping, s: Specials): void {
  if (m.scale === 0) return paintWide(values, out, lut, normalization, m, s);
  switch (normalization) {
    case 'linear':
      return paintLinear(values, out, lut, m, s);
    case 'log':
      if (values instanceof Float32Array) return paintLogFloat32(values, out, lut, m, s);
      return paintLog(values, out, lut, m, s);
    case 'sqrt':
      return paintSqrt(values, out, lut, m, s);
    case 'asinh':
      return paintAsinh(values, out, lut, m, s);
    case 'gamma':
      return paintGamma(values, out, lut, m, s);
  }
}

/**
 * Maps `values` (row-major, `width` × `height`) to RGBA pixels through a colormap: silx's
 * normalizations, colour indices and autoscale, with distinct NaN, ±Infinity and mask colours
 * (see the module notes). Throws `ShapeError` for a zero-size image or a `values` / `mask` /
 * `out` of the wrong length, `ArgumentError` for an unknown colormap (listing the names) or
 * normalization, a NaN or infinite vmin / vmax, vmin > vmax, or a range outside the
 * normalization's domain (vmin <= 0 on `log`).
 *
 * @example
 * ```ts
 * const { rgba, vmin, vmax } = colorize(frame, 2167, 2070, { normalization: 'log', autoscale: 'stddev3' });
 * ```
 */
export function colorize(values: ArrayLike<number>, width: number, height: number, o: ColorizeOptions = {}): Colorized {
  nonNegativeInteger(width, 'width');
  nonNegativeInteger(height, 'height');
  if (width === 0 || height === 0) throw new ShapeError(`cannot colorize a zero-size image (width ${width}, height ${height})`);
  const n = width * height;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new ArgumentError(`values must be an array of numbers, got ${show(values)}`);
  }
  if (values.length !== n) throw new ShapeError(`values has ${values.length} elements, width × height = ${width} × ${height} needs ${n}`);
  const colormap = o.colormap ?? 'viridis';
  const lut8 = sharedLut(colormap, 'colormap');
  const normalization = o.normalization ?? 'linear';
  assertNormalization(normalization);
  const gamma = o.gamma ?? DEFAULT_GAMMA;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma <= 0) throw new ArgumentError(`gamma must be a finite number > 0, got ${show(gamma)}`);
  const mode = o.autoscale ?? 'minmax';
  if (!AUTOSCALE_MODES.includes(mode)) throw new ArgumentError(`autoscale must be one of ${AUTOSCALE_MODES.map(show).join(', ')}; got ${show(mode)}`);
  for (const [name, v] of [['vmin', o.vmin], ['vmax', o.vmax]] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new ArgumentError(`${name} must be a finite number, got ${show(v)}`);
  }
  const specials: Specials = {
    nan: colorWord(o.nanColor, DEFAULT_NAN_COLOR, 'nanColor'),
    pos: colorWord(o.posInfColor, DEFAULT_POS_INF_COLOR, 'posInfColor'),
    neg: colorWord(o.negInfColor, DEFAULT_NEG_INF_COLOR, 'negInfColor'),
  };
  const maskWord = colorWord(o.maskColor, DEFAULT_MASK_COLOR, 'maskColor');
  if (o.mask !== undefined && (o.mask === null || o.mask.length !== n)) {
    throw new ShapeError(`mask must have width × height = ${n} elements, got ${show(o.mask)}`);
  }
  const rgba = o.out ?? new Uint8ClampedArray(n * 4);
  if (!(rgba instanceof Uint8ClampedArray) || rgba.length !== n * 4 || rgba.byteOffset % 4 !== 0) {
    throw new ShapeError(`out must be a 4-byte aligned Uint8ClampedArray of ${n * 4} bytes, got ${show(o.out)}`);
  }

  let vmin = o.vmin;
  let vmax = o.vmax;
  let rangeSource: Colorized['rangeSource'] = 'given';
  if (vmin === undefined || vmax === undefined) {
    const auto = autoscale(values, mode, normalization);
    // silx's apply_colormap: a given bound is kept and the other stays on its side of it
    vmin = vmin ?? (vmax === undefined ? auto.range[0] : Math.min(auto.range[0], vmax));
    vmax = vmax ?? Math.max(auto.range[1], vmin);
    rangeSource = auto.fallback ? 'fallback' : 'data';
  }
  assertRange(vmin, vmax, normalization);

  const n0 = normalizeValue(vmin, normalization, vmin, vmax, gamma);
  const n1 = normalizeValue(vmax, normalization, vmin, vmax, gamma);
  const scale = n0 === n1 ? Infinity : LUT_SIZE / (n1 - n0);
  const lut = new Int32Array(LUT_SIZE + 1);
  lut.set(new Int32Array(lut8.buffer, lut8.byteOffset, LUT_SIZE));
  lut[LUT_SIZE] = lut[LUT_SIZE - 1];
  const out = new Int32Array(rgba.buffer, rgba.byteOffset, n);
  paint(values, out, lut, normalization, { vmin, vmax, n0, scale, gamma }, specials);
  if (o.mask !== undefined) {
    const mask = o.mask;
    for (let i = 0; i < n; i++) if (mask[i]) out[i] = maskWord;
  }
  return { rgba, width, height, vmin, vmax, colormap, normalization, gamma, rangeSource };
}
