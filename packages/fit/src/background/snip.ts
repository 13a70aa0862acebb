import { allocate, array, ArgumentError, NdArray, poolSize, ShapeError, show, usePool } from '@pandaas/core';
import { checkInteger, readSeries, type Series } from './inputs.js';
import { overItems } from './pool.js';
import { snip1dRows, snip1dRowsWasm } from './snip-kernels.js';
import { backgroundWasmBytes, backgroundWasmInstance } from './wasm.js';

/**
 * The SNIP background of a spectrum, as `silx.math.fit.filters.snip1d` (Morháč 1997, no LLS
 * transform): for p = `width` down to 1, every channel i in [p, n - p) becomes
 * min(y[i], (y[i - p] + y[i + p]) / 2). Equal to silx's output to the last bit. A `width` of 0
 * returns the spectrum unchanged, as silx does.
 *
 * @param y - The spectrum (finite numbers).
 * @param width - The largest clipping distance in channels (FitManager's `SnipWidth` is 16).
 * @returns A new Float64Array with the background.
 * @example
 * ```ts
 * import { snip1d } from '@pandaas/fit';
 * const counts = Float64Array.from({ length: 200 }, (_, i) => 50 + 0.2 * i + 400 * Math.exp(-0.5 * ((i - 90) / 4) ** 2));
 * const background = snip1d(counts, 16);
 * ```
 */
export function snip1d(y: Series, width: number): Float64Array {
  checkInteger(width, 'width', 0);
  const data = readSeries(y, 'y');
  const wasm = backgroundWasmInstance();
  if (wasm === null) snip1dRows(1, data.length, data, 0, width);
  else snip1dRowsWasm(1, data.length, data, 0, width, wasm);
  return data;
}

/**
 * Options of {@link snip1dMany} over a flat Float64Array.
 *
 * @example
 * ```ts
 * import { snip1dMany, type Snip1dManyOptions } from '@pandaas/fit';
 * const rows = new Float64Array(4 * 256).fill(7);
 * const options: Snip1dManyOptions = { out: rows }; // in place
 * await snip1dMany(rows, 4, 16, options);
 * ```
 */
export interface Snip1dManyOptions {
  /**
   * Where to write the backgrounds (n * m values; may be `rows` itself, for in place). Default: a
   * new array, on a SharedArrayBuffer where there is one.
   */
  out?: Float64Array;
}

/**
 * {@link snip1d} on each row of `rows` (n spectra of m channels), split over core's CPU pool when
 * the work is large (and workers can run here); each row's result is exactly snip1d's.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { snip1dMany } from '@pandaas/fit';
 * const ys = array(Float64Array.from({ length: 100 * 256 }, (_, q) => 20 + 300 * Math.exp(-0.5 * ((q % 256 - 128) / 5) ** 2)), { shape: [100, 256] });
 * const bg = await snip1dMany(ys, 16); // float64 NdArray [100, 256] on the CPU
 * ```
 */
export function snip1dMany(rows: NdArray, width: number): Promise<NdArray>;
/**
 * {@link snip1d} on each of the `n` spectra stored one after the other in `rows` (m =
 * rows.length / n channels each), split over core's CPU pool when the work is large.
 *
 * @example
 * ```ts
 * import { snip1dMany } from '@pandaas/fit';
 * const flat = Float64Array.from({ length: 100 * 2048 }, (_, q) => 20 + 300 * Math.exp(-0.5 * ((q % 2048 - 1024) / 9) ** 2));
 * const bg = await snip1dMany(flat, 100, 16); // 100 spectra of 2048 channels
 * await snip1dMany(flat, 100, 16, { out: flat }); // in place
 * ```
 */
export function snip1dMany(rows: Float64Array, n: number, width: number, options?: Snip1dManyOptions): Promise<Float64Array>;
export async function snip1dMany(
  rows: NdArray | Float64Array,
  nOrWidth: number,
  width?: number,
  options: Snip1dManyOptions = {},
): Promise<NdArray | Float64Array> {
  if (rows instanceof NdArray) {
    if (rows.ndim !== 2) throw new ShapeError(`rows must be a 2-D NdArray [spectra, channels]; got shape [${rows.shape.join(', ')}]`);
    checkInteger(nOrWidth, 'width', 0);
    const [n, m] = rows.shape;
    const out = allocate('float64', n * m, true);
    out.set(await rows.data());
    await snipRowsChecked(out, n, m, nOrWidth);
    return array(out, { shape: [n, m], backend: 'cpu' });
  }
  if (!(rows instanceof Float64Array)) throw new ArgumentError(`rows must be an NdArray or a Float64Array; got ${show(rows)}`);
  const n = checkInteger(nOrWidth, 'n', 1);
  checkInteger(width, 'width', 0);
  const m = rows.length / n;
  if (!Number.isInteger(m)) throw new ShapeError(`rows holds ${rows.length} values, not a whole number of spectra for n = ${n}`);
  let out = options.out;
  if (out === undefined) {
    out = allocate('float64', rows.length, true);
  } else if (!(out instanceof Float64Array) || out.length !== rows.length) {
    throw new ShapeError(`options.out must be a Float64Array of ${rows.length} values; got ${show(out)}`);
  }
  if (out !== rows) out.set(rows);
  await snipRowsChecked(out, n, m, width as number);
  return out;
}

/** Checks that every value is finite, then snips the rows of `data` in place (on the pool when worth it). */
async function snipRowsChecked(data: Float64Array, n: number, m: number, width: number): Promise<void> {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new ArgumentError(`rows holds a non-finite value at spectrum ${Math.floor(i / m)}, channel ${i % m}: ${data[i]}`);
  }
  const top = Math.min(width, Math.floor((m - 1) / 2));
  if (top < 1) return;
  const work = n * m * top;
  const wasm = backgroundWasmInstance();
  const loop = wasm === null ? 'fit/background:snip1dRows' : 'fit/background:snip1dRowsWasm';
  const run = async (rows: Float64Array) => {
    await overItems(
      loop,
      n,
      work,
      [rows],
      (start, count) => [count, m, rows, start * m, width, backgroundWasmBytes()],
      (start, count) => [count, m, rows, start * m, width, wasm],
    );
  };
  if (n < 2 || data.buffer instanceof SharedArrayBuffer || !usePool(work, [])) {
    await run(data);
    return;
  }
  // memory the workers cannot see: work on a shared copy
  const shared = allocate('float64', data.length, true);
  shared.set(data);
  await run(shared);
  data.set(shared);
}

/**
 * The SNIP background of an image, as `silx.math.fit.filters.snip2d` (Morháč 1997): for p =
 * `width` down to 1, every pixel at least p from the edges is clipped to the 2-D SNIP estimate
 * from the eight pixels p away. Equal to silx's output to the last bit, through a WebAssembly SIMD
 * loop where available; large images are split into bands of rows over core's CPU pool.
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { snip2d } from '@pandaas/fit';
 * const image = array(Float64Array.from({ length: 64 * 64 }, (_, q) => 10 + (q % 64 === 32 ? 500 : 0)), { shape: [64, 64] });
 * const bg = await snip2d(image, 10); // float64 NdArray [64, 64] on the CPU
 * ```
 */
export function snip2d(image: NdArray, width: number): Promise<NdArray>;
/**
 * {@link snip2d} on a row-major image of `shape` [rows, cols] given as a flat array.
 *
 * @example
 * ```ts
 * import { snip2d } from '@pandaas/fit';
 * const pixels = Float64Array.from({ length: 64 * 64 }, (_, q) => 10 + (q % 64 === 32 ? 500 : 0));
 * const bg = await snip2d(pixels, [64, 64], 10); // Float64Array of 64 * 64
 * ```
 */
export function snip2d(image: ArrayLike<number>, shape: readonly [number, number], width: number): Promise<Float64Array>;
export async function snip2d(
  image: NdArray | ArrayLike<number>,
  shapeOrWidth: readonly [number, number] | number,
  width?: number,
): Promise<NdArray | Float64Array> {
  if (image instanceof NdArray) {
    if (image.ndim !== 2) throw new ShapeError(`image must be a 2-D NdArray; got shape [${image.shape.join(', ')}]`);
    const w = checkInteger(shapeOrWidth, 'width', 0);
    const [rows, cols] = image.shape;
    const data = allocate('float64', rows * cols, true);
    data.set(await image.data());
    const result = await snip2dData(data, rows, cols, w);
    return array(result, { shape: [rows, cols], backend: 'cpu' });
  }
  if (!Array.isArray(shapeOrWidth) || shapeOrWidth.length !== 2) {
    throw new ShapeError(`shape must be [rows, cols]; got ${show(shapeOrWidth)}`);
  }
  const rows = checkInteger(shapeOrWidth[0], 'shape[0]', 0);
  const cols = checkInteger(shapeOrWidth[1], 'shape[1]', 0);
  const w = checkInteger(width, 'width', 0);
  const values = readSeries(image, 'image');
  if (values.length !== rows * cols) throw new ShapeError(`image holds ${values.length} values; shape [${rows}, ${cols}] needs ${rows * cols}`);
  const data = allocate('float64', values.length, true);
  data.set(values);
  return snip2dData(data, rows, cols, w);
}

/** snip2d on `data` (a fresh shared copy, checked finite here): returns the array with the result. */
async function snip2dData(data: Float64Array, rows: number, cols: number, width: number): Promise<Float64Array> {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new ArgumentError(`image holds a non-finite value at [${Math.floor(i / cols)}, ${i % cols}]: ${data[i]}`);
  }
  const top = Math.min(width, Math.floor((rows - 1) / 2), Math.floor((cols - 1) / 2));
  if (top < 1) return data;
  const wasm = backgroundWasmInstance();
  if (wasm !== null) {
    // bands of rows, each with a halo of Σp rows, clipped independently (one pool task per band)
    const out = allocate('float64', data.length, true);
    const halo = (top * (top + 1)) / 2;
    const work = 2 * halo < rows / poolSize() ? rows * cols * top : 0; // halos as tall as the bands: one band
    await overItems(
      'fit/background:snip2dBandWasm',
      rows,
      work,
      [data, out],
      (start, count) => [rows, cols, data, out, width, start, start + count, backgroundWasmBytes()],
      (start, count) => [rows, cols, data, out, width, start, start + count, wasm],
    );
    return out;
  }
  // pixels outside [p, rows - p) x [p, cols - p) never change for any later (smaller) p either,
  // so both buffers keep equal borders and each step writes only the interior
  let src = data;
  let dst = allocate('float64', data.length, true);
  dst.set(data);
  for (let p = top; p > 0; p--) {
    const from = src;
    const to = dst;
    await overItems('fit/background:snip2dStep', rows, rows * cols, [from, to], (start, count) => [rows, cols, from, to, p, start, start + count]);
    src = to;
    dst = from;
  }
  return src;
}
