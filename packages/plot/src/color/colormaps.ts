/**
 * Colormaps as 256-entry RGBA lookup tables, with silx's names and silx's tables: its built-in
 * `gray`, `reversed gray`, `red`, `green`, `blue` and `temperature`, the perceptual `viridis`,
 * `cividis`, `magma`, `inferno` and `plasma`, and matplotlib's `jet` and `hsv` (which silx
 * registers by default). Float tables are quantised as silx quantises them:
 * `min(255, floor(256 c))`.
 *
 * @example
 * ```ts
 * import { colormapLut } from '@pandaas/plot';
 * const lut = colormapLut('viridis'); // Uint8Array(1024): r, g, b, a for index 0..255
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

import { PERCEPTUAL_HEX } from './colormap-data.js';
import { HSV, JET, sampleSegmented } from './segmented.js';

/** The names of the colormaps, silx's preferred colormaps in silx's order. */
export type ColormapName =
  | 'gray'
  | 'reversed gray'
  | 'red'
  | 'green'
  | 'blue'
  | 'viridis'
  | 'cividis'
  | 'magma'
  | 'inferno'
  | 'plasma'
  | 'temperature'
  | 'jet'
  | 'hsv';

/** Every colormap name {@link colormapLut} knows, in silx's order of preferred colormaps. */
export const COLORMAP_NAMES: readonly ColormapName[] = Object.freeze([
  'gray',
  'reversed gray',
  'red',
  'green',
  'blue',
  'viridis',
  'cividis',
  'magma',
  'inferno',
  'plasma',
  'temperature',
  'jet',
  'hsv',
] as const);

/** Number of entries of every lookup table. */
export const LUT_SIZE = 256;

const cache = new Map<ColormapName, Uint8Array>();

/** silx's built-in tables (silx.math.colormap._create_colormap_lut). */
function builtin(name: ColormapName, lut: Uint8Array): void {
  for (let i = 0; i < LUT_SIZE; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    if (name === 'gray') r = g = b = i;
    else if (name === 'reversed gray') r = g = b = 255 - i;
    else if (name === 'red') r = i;
    else if (name === 'green') g = i;
    else if (name === 'blue') b = i;
    else {
      // temperature: blue -> cyan -> green -> yellow -> red in four ramps of 64 entries
      r = i < 128 ? 0 : i < 192 ? 2 + 4 * (i - 128) : 255;
      g = i < 64 ? 4 * i : i < 192 ? 255 : 252 - 4 * (i - 192);
      b = i < 64 ? 255 : i < 128 ? 254 - 4 * (i - 64) : 0;
    }
    lut.set([r, g, b, 255], i * 4);
  }
}

function fromHex(hex: string, lut: Uint8Array): void {
  for (let i = 0; i < LUT_SIZE; i++) {
    for (let c = 0; c < 3; c++) lut[i * 4 + c] = parseInt(hex.slice(i * 6 + c * 2, i * 6 + c * 2 + 2), 16);
    lut[i * 4 + 3] = 255;
  }
}

function fromFloats(rgb: Float64Array, lut: Uint8Array): void {
  for (let i = 0; i < LUT_SIZE; i++) {
    for (let c = 0; c < 3; c++) lut[i * 4 + c] = Math.min(255, Math.floor(rgb[i * 3 + c] * 256));
    lut[i * 4 + 3] = 255;
  }
}

function build(name: ColormapName): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 4);
  if (name === 'jet' || name === 'hsv') fromFloats(sampleSegmented(name === 'jet' ? JET : HSV, LUT_SIZE), lut);
  else if (name in PERCEPTUAL_HEX) fromHex(PERCEPTUAL_HEX[name as keyof typeof PERCEPTUAL_HEX], lut);
  else builtin(name, lut);
  return lut;
}

/**
 * Whether `name` is one of {@link COLORMAP_NAMES}.
 *
 * @example
 * ```ts
 * isColormapName('viridis'); // true
 * ```
 */
export function isColormapName(name: unknown): name is ColormapName {
  return typeof name === 'string' && (COLORMAP_NAMES as readonly string[]).includes(name);
}

/**
 * The cached table of a colormap, shared: callers must not modify it ({@link colormapLut} gives a
 * copy). An unknown name throws an `ArgumentError` naming `argument` and listing the names.
 *
 * @example
 * ```ts
 * sharedLut('viridis')[0]; // 68 (red of the first entry)
 * ```
 */
export function sharedLut(name: string, argument = 'colormap'): Uint8Array {
  if (!isColormapName(name)) {
    throw new ArgumentError(`${argument} must be one of ${COLORMAP_NAMES.map(show).join(', ')}; got ${show(name)}`);
  }
  let lut = cache.get(name);
  if (lut === undefined) {
    lut = build(name);
    cache.set(name, lut);
  }
  return lut;
}

/**
 * The lookup table of a colormap: 256 RGBA entries (1024 bytes, a fresh copy). Unknown names
 * throw an `ArgumentError` that lists the known ones.
 *
 * @example
 * ```ts
 * const lut = colormapLut('gray');
 * lut.subarray(4 * 255, 4 * 256); // Uint8Array [255, 255, 255, 255]
 * ```
 */
export function colormapLut(name: string): Uint8Array {
  return sharedLut(name, 'name').slice();
}
