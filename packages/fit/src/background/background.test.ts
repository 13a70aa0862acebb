import { array, setPoolSize, shutdownBackends } from '@pandaas/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { savitskyGolay, smooth1d } from './smooth.js';
import { snip1dRows, snip1dRowsWasm, snip2dBandWasm, snip2dStep } from './snip-kernels.js';
import { backgroundWasmBytes, backgroundWasmInstance } from './wasm.js';
import { snip1d, snip1dMany, snip2d } from './snip.js';
import { stripPasses } from './strip-kernel.js';
import { strip } from './strip.js';
import { expectPandaasError, expectPandaasRejection } from '../testing/errors.js';

afterEach(() => setPoolSize(undefined));
afterAll(() => shutdownBackends());

/** A deterministic spiky spectrum: peaks on a slope, with pseudo-random jitter. */
function spectrum(n: number, seed: number): Float64Array {
  const y = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const peaks = 500 * Math.exp(-0.5 * ((i - n / 3) / 4) ** 2) + 200 * Math.exp(-0.5 * ((i - (2 * n) / 3) / 9) ** 2);
    y[i] = 30 + 0.01 * i + peaks + (s / 2147483648) * 10;
  }
  return y;
}

/** silx's strip as its documentation states it: every pass over a copy, all passes run. */
function stripByTheBook(y: Float64Array, width: number, iterations: number, factor: number, anchors: number[] = []): Float64Array {
  let input = Float64Array.from(y);
  const n = y.length;
  if (n < 2 * width + 1) return input;
  for (let it = 0; it < iterations; it++) {
    const output = Float64Array.from(input);
    for (let i = width; i < n - width; i++) {
      if (anchors.some((a) => i > a - width && i < a + width)) continue;
      const mean = 0.5 * (input[i - width] + input[i + width]);
      if (input[i] > mean * factor) output[i] = mean;
    }
    input = output;
  }
  return input;
}

/** silx's snip1d as documented: for p = width..1, y[i] = min(y[i], (y[i-p] + y[i+p]) / 2) over a copy. */
function snipByTheBook(y: Float64Array, width: number): Float64Array {
  const out = Float64Array.from(y);
  for (let p = width; p > 0; p--) {
    const before = Float64Array.from(out);
    for (let i = p; i < y.length - p; i++) out[i] = Math.min(before[i], 0.5 * (before[i - p] + before[i + p]));
  }
  return out;
}

describe('strip', () => {
  it('equals the documented algorithm run for every pass, with early stopping or not', () => {
    const y = spectrum(300, 7);
    for (const [width, iterations, factor] of [[1, 1000, 1], [2, 5000, 1], [3, 50, 0.95], [5, 400, 1.1]]) {
      expect(Array.from(strip(y, { width, iterations, factor }))).toEqual(Array.from(stripByTheBook(y, width, iterations, factor)));
    }
    expect(Array.from(strip(y, { width: 3, iterations: 200, anchors: [100, 0, 299, 1000] }))).toEqual(
      Array.from(stripByTheBook(y, 3, 200, 1, [100, 0, 299, 1000])),
    );
  });

  it('the JavaScript passes (used with anchors) give the WebAssembly passes\' doubles', () => {
    expect(backgroundWasmInstance()).not.toBeNull();
    for (const [n, width, iterations, factor] of [[2048, 2, 3000, 1], [301, 1, 1000, 0.97], [300, 4, 500, 1.05], [64, 3, 10, 1]]) {
      const y = spectrum(n, width * 1000 + n);
      const js = stripPasses(n, Float64Array.from(y), Float64Array.from(y), width, iterations, factor, null);
      expect(Array.from(strip(y, { width, iterations, factor })), `${n}, ${width}, ${iterations}, ${factor}`).toEqual(Array.from(js));
    }
    const flat = new Float64Array(50).fill(4); // stops after one pass that changes nothing
    expect(Array.from(strip(flat))).toEqual(Array.from(flat));
  });

  it('leaves the ends, the anchors and short spectra alone, and uses FitManager defaults', () => {
    const y = spectrum(100, 3);
    const bg = strip(y, { width: 4, iterations: 100, anchors: [50] });
    for (const i of [0, 1, 2, 3, 47, 48, 49, 50, 51, 52, 53, 96, 97, 98, 99]) expect(bg[i]).toBe(y[i]);
    expect(bg[33]).toBeLessThan(y[33]); // the peak near n / 3 is stripped
    expect(Array.from(strip([1, 9, 1], { width: 2 }))).toEqual([1, 9, 1]);
    expect(Array.from(strip(y))).toEqual(Array.from(stripByTheBook(y, 2, 5000, 1)));
    expect(Array.from(strip(y, { iterations: 0 }))).toEqual(Array.from(y));
  });

  it('accepts typed arrays and 1-D NdArrays, and copies its input', () => {
    const y = spectrum(64, 1);
    const copy = Float64Array.from(y);
    const fromTyped = strip(Float32Array.from(y.map(Math.round)));
    expect(Array.from(strip(array(Float64Array.from(y.map(Math.round)))))).toEqual(Array.from(fromTyped));
    strip(y);
    expect(y).toEqual(copy);
  });

  it('refuses bad arguments with typed errors', () => {
    const y = spectrum(20, 1);
    expectPandaasError(() => strip(y, { width: 0 }), 'E_ARGUMENT', /options\.width must be an integer >= 1; got 0/);
    expectPandaasError(() => strip(y, { width: 1.5 }), 'E_ARGUMENT', /options\.width must be an integer >= 1; got 1\.5/);
    expectPandaasError(() => strip(y, { iterations: -1 }), 'E_ARGUMENT', /options\.iterations must be an integer >= 0; got -1/);
    expectPandaasError(() => strip(y, { factor: NaN }), 'E_ARGUMENT', /options\.factor must be a finite number; got NaN/);
    expectPandaasError(() => strip(y, { anchors: [1.5] }), 'E_ARGUMENT', /options\.anchors\[0\] must be an integer index; got 1\.5/);
    expectPandaasError(() => strip(y, { niterations: 3 } as never), 'E_ARGUMENT', /options\.niterations is not an option/);
    expectPandaasError(() => strip([1, NaN, 3]), 'E_ARGUMENT', /y\[1\] must be a finite number; got NaN/);
    expectPandaasError(() => strip([1, Infinity, 3]), 'E_ARGUMENT', /y\[1\] must be a finite number; got Infinity/);
    expectPandaasError(() => strip('abc' as never), 'E_ARGUMENT', /y must be an array of numbers.*; got "abc"/);
    expectPandaasError(() => strip(array([[1, 2], [3, 4]])), 'E_SHAPE', /y must be 1-D; got an NdArray of shape \[2, 2\]/);
  });
});

describe('snip1d and snip1dMany', () => {
  it('snip1d equals the documented algorithm, widths past the middle included', () => {
    for (const [n, width] of [[200, 1], [200, 16], [200, 99], [200, 500], [7, 3], [2, 5], [0, 3]]) {
      const y = spectrum(n, n + width);
      expect(Array.from(snip1d(y, width)), `${n}, ${width}`).toEqual(Array.from(snipByTheBook(y, width)));
    }
    expect(Array.from(snip1d([5, 1, 5], 0))).toEqual([5, 1, 5]);
  });

  it('the WebAssembly loop gives the JavaScript loop\'s doubles (odd and even counts, any width)', () => {
    const wasm = backgroundWasmInstance();
    expect(wasm).not.toBeNull(); // Node has WebAssembly SIMD: the fast path is the one tested here
    for (const [m, width] of [[2048, 16], [2047, 30], [9, 4], [10, 3], [3, 1], [5000, 1], [300, 1000]]) {
      const rows = new Float64Array(3 * m);
      for (let r = 0; r < 3; r++) rows.set(spectrum(m, 17 * r + m), r * m);
      const js = Float64Array.from(rows);
      snip1dRows(3, m, js, 0, width);
      const viaInstance = Float64Array.from(rows);
      snip1dRowsWasm(3, m, viaInstance, 0, width, wasm as WebAssembly.Instance);
      const viaBytes = Float64Array.from(rows);
      snip1dRowsWasm(2, m, viaBytes, m, width, backgroundWasmBytes()); // rows 1 and 2 only
      expect(Array.from(viaInstance), `${m}, ${width}`).toEqual(Array.from(js));
      expect(Array.from(viaBytes.subarray(m)), `${m}, ${width}`).toEqual(Array.from(js.subarray(m)));
      expect(Array.from(viaBytes.subarray(0, m))).toEqual(Array.from(rows.subarray(0, m)));
    }
  });

  it('snip1dMany equals snip1d row by row, on the pool and on this thread, in place or not', async () => {
    const n = 40;
    const m = 2048;
    const rows = new Float64Array(n * m);
    for (let r = 0; r < n; r++) rows.set(spectrum(m, r + 1), r * m);
    const want = new Float64Array(n * m);
    for (let r = 0; r < n; r++) want.set(snip1d(rows.subarray(r * m, (r + 1) * m), 24), r * m);
    for (const threads of [2, 1]) {
      setPoolSize(threads);
      expect(Array.from(await snip1dMany(rows, n, 24)), `${threads} threads`).toEqual(Array.from(want));
      const inPlace = Float64Array.from(rows); // not shared: worked on a shared copy when pooled
      expect(await snip1dMany(inPlace, n, 24, { out: inPlace })).toBe(inPlace);
      expect(Array.from(inPlace)).toEqual(Array.from(want));
    }
    const nd = await snip1dMany(array(Float32Array.from(rows.subarray(0, 4 * m)), { shape: [4, m] }), 8);
    expect(nd.dtype).toBe('float64');
    expect(Array.from(nd.dataSync().subarray(m, 2 * m))).toEqual(Array.from(snip1d(Float32Array.from(rows.subarray(m, 2 * m)), 8)));
  });

  it('refuses bad arguments with typed errors', async () => {
    const rows = new Float64Array(12);
    expectPandaasError(() => snip1d([1, 2, 3], -1), 'E_ARGUMENT', /width must be an integer >= 0; got -1/);
    expectPandaasError(() => snip1d([1, 2, 3], 1.5), 'E_ARGUMENT', /width must be an integer >= 0; got 1\.5/);
    expectPandaasError(() => snip1d([1, NaN, 3], 1), 'E_ARGUMENT', /y\[1\] must be a finite number; got NaN/);
    await expectPandaasRejection(() => snip1dMany(rows, 5, 2), 'E_SHAPE', /rows holds 12 values, not a whole number of spectra for n = 5/);
    await expectPandaasRejection(() => snip1dMany(rows, 0, 2), 'E_ARGUMENT', /n must be an integer >= 1; got 0/);
    await expectPandaasRejection(() => snip1dMany(rows, 3, -2), 'E_ARGUMENT', /width must be an integer >= 0; got -2/);
    await expectPandaasRejection(() => snip1dMany(rows, 3, 2, { out: new Float64Array(5) }), 'E_SHAPE', /options\.out must be a Float64Array of 12 values; got Float64Array\(5\)/);
    await expectPandaasRejection(() => snip1dMany([1, 2] as never, 1, 2), 'E_ARGUMENT', /rows must be an NdArray or a Float64Array; got \[1, 2\]/);
    await expectPandaasRejection(() => snip1dMany(array([1, 2, 3]), 2), 'E_SHAPE', /rows must be a 2-D NdArray \[spectra, channels\]; got shape \[3\]/);
    rows[7] = NaN;
    await expectPandaasRejection(() => snip1dMany(rows, 3, 1), 'E_ARGUMENT', /rows holds a non-finite value at spectrum 1, channel 3: NaN/);
  });
});

describe('snip2d', () => {
  const rows = 300;
  const cols = 400;
  const image = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) image.set(spectrum(cols, r + 11), r * cols);

  /** The JavaScript steps (the path without WebAssembly), one thread. */
  function byJavaScript(width: number): Float64Array {
    let src = Float64Array.from(image);
    let dst = Float64Array.from(image);
    for (let p = Math.min(width, 149, 199); p > 0; p--) {
      snip2dStep(rows, cols, src, dst, p, 0, rows);
      [src, dst] = [dst, src];
    }
    return src;
  }

  it('splits large images into bands over the pool, with the JavaScript steps\' doubles', async () => {
    const js = byJavaScript(6);
    setPoolSize(1);
    const one = await snip2d(image, [rows, cols], 6);
    setPoolSize(2);
    const two = await snip2d(image, [rows, cols], 6);
    expect(Array.from(one)).toEqual(Array.from(js));
    expect(Array.from(two)).toEqual(Array.from(js));
    let changed = 0;
    for (let i = 0; i < js.length; i++) if (js[i] < image[i]) changed++;
    expect(changed).toBeGreaterThan(rows * cols * 0.2);
  });

  it('gives exact rows from bands with halos, at any cut', () => {
    const width = 5;
    const want = byJavaScript(width);
    const wasm = backgroundWasmInstance() as WebAssembly.Instance;
    const out = new Float64Array(rows * cols).fill(NaN);
    const cuts = [0, 1, 16, 17, 90, 150, 283, 299, 300]; // bands shorter and taller than the halo (15 rows)
    for (let k = 0; k + 1 < cuts.length; k++) snip2dBandWasm(rows, cols, image, out, width, cuts[k], cuts[k + 1], k % 2 ? wasm : backgroundWasmBytes());
    expect(Array.from(out)).toEqual(Array.from(want));
  });

  it('refuses bad arguments with typed errors', async () => {
    await expectPandaasRejection(() => snip2d([1, 2, 3], [2, 2], 1), 'E_SHAPE', /image holds 3 values; shape \[2, 2\] needs 4/);
    await expectPandaasRejection(() => snip2d([1, 2, 3, 4], [2] as never, 1), 'E_SHAPE', /shape must be \[rows, cols\]; got \[2\]/);
    await expectPandaasRejection(() => snip2d([1, 2, 3, 4], [2, 2], -2), 'E_ARGUMENT', /width must be an integer >= 0; got -2/);
    await expectPandaasRejection(() => snip2d(array([1, 2, 3]), 1), 'E_SHAPE', /image must be a 2-D NdArray; got shape \[3\]/);
    await expectPandaasRejection(() => snip2d([1, 2, 3, NaN], [2, 2], 1), 'E_ARGUMENT', /image\[3\] must be a finite number; got NaN/);
  });
});

describe('smoothing', () => {
  it('smooth1d uses the [1/4, 1/2, 1/4] kernel with 3/4 at the ends', () => {
    expect(Array.from(smooth1d([0, 4, 0]))).toEqual([1, 2, 1]);
    expect(Array.from(smooth1d([8, 0, 0, 0]))).toEqual([6, 2, 0, 0]);
    expect(Array.from(smooth1d([3, 5]))).toEqual([3, 5]);
  });

  it('savitskyGolay keeps a straight line, gives data back for 3 points, and checks npoints', () => {
    const line = Float64Array.from({ length: 30 }, (_, i) => 10 + 2 * i);
    const smoothed = savitskyGolay(line, 7);
    for (let i = 6; i < 23; i++) expect(smoothed[i]).toBeCloseTo(line[i], 12); // windows clear of the edge-smoothed ends
    expect(Array.from(savitskyGolay([1, 5, 2, 8], 3))).toEqual([1, 5, 2, 8]);
    expect(Array.from(savitskyGolay([1, 5, 2, 8], 11))).toEqual([1, 5, 2, 8]); // shorter than npoints
    expectPandaasError(() => savitskyGolay(line, 1), 'E_ARGUMENT', /npoints must be an integer >= 2; got 1/);
    expectPandaasError(() => savitskyGolay(line, 102), 'E_ARGUMENT', /npoints must be at most 101 \(silx's limit\); got 102/);
    expectPandaasError(() => savitskyGolay(line, 4.5), 'E_ARGUMENT', /npoints must be an integer >= 2; got 4\.5/);
    expectPandaasError(() => savitskyGolay([1, NaN, 2], 3), 'E_ARGUMENT', /y\[1\] must be a finite number; got NaN/);
    expectPandaasError(() => smooth1d([1, 2, Infinity]), 'E_ARGUMENT', /y\[2\] must be a finite number; got Infinity/);
  });
});
