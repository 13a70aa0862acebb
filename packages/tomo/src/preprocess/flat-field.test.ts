import { ArgumentError, ShapeError, array } from '@pandaas/core';
import { openH5, readTiff } from '@pandaas/io-nexus';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { flatField } from './flat-field.js';
import { minusLog } from './minus-log.js';
import { reduceSeries } from './reduce-series.js';
import { seriesWeights } from './series-weights.js';

describe('seriesWeights (nabu: before the first series its image, after the last the last\'s)', () => {
  it('linear and nearest', () => {
    const lin = seriesWeights([0, 100, 300], [-5, 0, 25, 100, 200, 299, 400], 'linear');
    expect(Array.from(lin.lo)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(Array.from(lin.hi)).toEqual([0, 0, 1, 2, 2, 2, 2]);
    expect(Array.from(lin.w)).toEqual([0, 0, 0.25, 0, 0.5, 0.995, 0]);
    const near = seriesWeights([0, 100], [49, 50, 51], 'nearest');
    expect(Array.from(near.lo)).toEqual([0, 0, 1]);
    expect(Array.from(near.hi)).toEqual(Array.from(near.lo));
  });
});

describe('flatField', () => {
  const constant = (v: number, rows = 2, cols = 3) => array(new Float32Array(rows * cols).fill(v), { shape: [rows, cols] });

  it('interpolates flats between series by frame index (hand-computed)', async () => {
    // flats 100 at frame 0 and 200 at frame 10, dark 20; projections 150 at frames 0, 5, 10, 20
    const proj = array(new Float32Array(4 * 6).fill(150), { shape: [4, 2, 3] });
    const out = await flatField(proj, {
      flats: [{ index: 10, image: constant(200) }, { index: 0, image: constant(100) }],
      darks: constant(20),
      indices: [0, 5, 10, 20],
    });
    expect(out.shape).toEqual([4, 2, 3]);
    const v = await out.data();
    for (const [j, want] of [130 / 80, 130 / 130, 130 / 180, 130 / 180].entries()) {
      for (let q = 0; q < 6; q++) expect(v[j * 6 + q]).toBeCloseTo(want, 6);
    }
    const near = await (await flatField(proj, { flats: [{ index: 0, image: constant(100) }, { index: 10, image: constant(200) }], darks: constant(20), indices: [0, 4, 6, 10], interpolation: 'nearest' })).data();
    expect([near[0], near[6], near[12], near[18]].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([1.625, 1.625, 0.722222, 0.722222]);
  });

  it('interpolates darks too, and guards F − D <= 0 with 1e-6', async () => {
    const proj = array(new Float32Array([50, 50]), { shape: [2, 1, 1] });
    const out = await (await flatField(proj, {
      flats: constant(110, 1, 1),
      darks: [{ index: 0, image: constant(10, 1, 1) }, { index: 2, image: constant(30, 1, 1) }],
      indices: [1, 2],
    })).data();
    expect(out[0]).toBeCloseTo(30 / 90, 6);
    expect(out[1]).toBeCloseTo(20 / 80, 6);
    const dead = await (await flatField(array(new Float32Array([7]), { shape: [1, 1] }), { flats: constant(5, 1, 1), darks: constant(5, 1, 1) })).data();
    expect(dead[0]).toBeCloseTo(2 / 1e-6, -1);
  });

  it('a row slab (rowStart) gives the rows of the full result', async () => {
    const rows = 6;
    const cols = 5;
    const p = Float32Array.from({ length: 3 * rows * cols }, (_, i) => 1000 + ((i * 37) % 101));
    const f = array(Float32Array.from({ length: rows * cols }, (_, i) => 1500 + i), { shape: [rows, cols] });
    const d = array(Float32Array.from({ length: rows * cols }, (_, i) => 10 + (i % 7)), { shape: [rows, cols] });
    const full = await (await flatField(array(p, { shape: [3, rows, cols] }), { flats: f, darks: d })).data();
    const slab = new Float32Array(3 * 2 * cols);
    for (let j = 0; j < 3; j++) slab.set(p.subarray(j * rows * cols + 3 * cols, j * rows * cols + 5 * cols), j * 2 * cols);
    const part = await (await flatField(array(slab, { shape: [3, 2, cols] }), { flats: f, darks: d, rowStart: 3 })).data();
    for (let j = 0; j < 3; j++) expect(Array.from(part.subarray(j * 10, j * 10 + 10))).toEqual(Array.from(full.subarray(j * 30 + 15, j * 30 + 25)));
  });

  it('the Savu I13-2 stack (91 x 135 x 160 uint16, README sum) against the simple formula in float64', async () => {
    const savu = (...p: string[]) => sharedData('tomography', 'savu_24737_tiffs', ...p);
    const n = 91;
    const pixels = 135 * 160;
    const stack = new Uint16Array(n * pixels);
    for (let k = 0; k < n; k++) {
      const page = await readTiff(savu('tiffs', `raw_${String(k).padStart(5, '0')}.tiff`));
      stack.set(page.frames[0].data.dataSync() as Uint16Array, k * pixels);
    }
    let sum = 0;
    for (const v of stack) sum += v;
    expect(sum).toBe(43_855_413_871);
    const flat = (await readTiff(savu('flat_00001.tiff'))).frames[0].data;
    const dark = (await readTiff(savu('dark_00001.tiff'))).frames[0].data;
    const out = await (await flatField(array(stack, { shape: [n, 135, 160] }), { flats: flat, darks: dark })).data();
    const F = flat.dataSync();
    const D = dark.dataSync();
    let worst = 0;
    for (let e = 0; e < out.length; e++) {
      const q = e % pixels;
      const want = (stack[e] - D[q]) / Math.max(F[q] - D[q], 1e-6);
      worst = Math.max(worst, Math.abs(out[e] - want) / Math.max(Math.abs(want), 1e-3));
    }
    expect(worst).toBeLessThan(2e-7); // float32 output
    const logs = await (await minusLog(array(out, { shape: [n, 135, 160] }))).data();
    for (const e of [0, 12345, out.length - 1]) expect(logs[e]).toBeCloseTo(-Math.log(Math.min(10, Math.max(1e-6, out[e]))), 5);
  });

  it('tooth.h5 (Data Exchange, 181 x 2 x 640; README sums) against the simple formula with mean flats and darks', async () => {
    const file = await openH5(sharedData('tomography', 'tooth.h5'));
    try {
      const data = await (await file.dataset('/exchange/data')).read();
      const white = await (await file.dataset('/exchange/data_white')).read();
      const dark = await (await file.dataset('/exchange/data_dark')).read();
      const P = data.dataSync();
      let sum = 0;
      for (const v of P) sum += v;
      expect(sum / 4.749233e9).toBeCloseTo(1, 6);
      const out = await (await flatField(data, { flats: await reduceSeries(white), darks: await reduceSeries(dark) })).data();
      const W = white.dataSync();
      const Dk = dark.dataSync();
      let worst = 0;
      for (let q = 0; q < 1280; q++) {
        let f = 0;
        let d = 0;
        for (let k = 0; k < 10; k++) {
          f += W[k * 1280 + q] / 10;
          d += Dk[k * 1280 + q] / 10;
        }
        for (let j = 0; j < 181; j++) {
          const want = (P[j * 1280 + q] - d) / Math.max(f - d, 1e-6);
          worst = Math.max(worst, Math.abs(out[j * 1280 + q] - want) / Math.max(Math.abs(want), 1e-3));
        }
      }
      expect(worst).toBeLessThan(1e-6);
    } finally {
      await file.close();
    }
  });

  it('bad input: missing flats or darks, shapes, indices', async () => {
    const proj = array(new Float32Array(12), { shape: [2, 2, 3] });
    await expect(flatField(proj, { darks: constant(0) } as never)).rejects.toThrow(/options.flats is missing/);
    await expect(flatField(proj, { flats: constant(1) } as never)).rejects.toThrow(/options.darks is missing/);
    await expect(flatField(proj, { flats: [], darks: constant(0) })).rejects.toThrow(/non-empty array/);
    await expect(flatField(proj, { flats: constant(1, 2, 4), darks: constant(0) })).rejects.toThrow(ShapeError);
    await expect(flatField(proj, { flats: constant(1), darks: constant(0), rowStart: 1 })).rejects.toThrow(/options.flats must be \[rows >= 3, 3\]/);
    await expect(flatField(proj, { flats: constant(1), darks: constant(0), indices: [0] })).rejects.toThrow(/one index per projection \(2\); got 1/);
    await expect(flatField(proj, { flats: constant(1), darks: constant(0), indices: [0, Number.NaN] })).rejects.toThrow(/options.indices\[1\]/);
    await expect(flatField(proj, { flats: [{ index: 1, image: constant(1) }, { index: 1, image: constant(2) }], darks: constant(0) })).rejects.toThrow(/two series at index 1/);
    await expect(flatField(proj, { flats: constant(1), darks: constant(0), interpolation: 'cubic' as never })).rejects.toThrow(ArgumentError);
    await expect(flatField(array(new Float32Array(3)), { flats: constant(1), darks: constant(0) })).rejects.toThrow(ShapeError);
  });
});

describe('minusLog', () => {
  it('clips to [1e-6, 10] before −ln (nabu), NaN stays NaN', async () => {
    const out = await (await minusLog(array(new Float32Array([0, 1e-7, 1, Math.E, 20, Number.NaN])))).data();
    expect(out[0]).toBeCloseTo(-Math.log(1e-6), 5);
    expect(out[1]).toBeCloseTo(-Math.log(1e-6), 5);
    expect(out[2]).toBe(0);
    expect(out[3]).toBeCloseTo(-1, 6);
    expect(out[4]).toBeCloseTo(-Math.log(10), 6);
    expect(out[5]).toBeNaN();
    const custom = await (await minusLog(array(new Float32Array([0.001, 5])), { min: 0.01, max: 2 })).data();
    expect(Array.from(custom)).toEqual([-Math.log(0.01), -Math.log(2)].map(Math.fround));
  });
  it('bad input', async () => {
    const x = array(new Float32Array(2));
    await expect(minusLog(x, { min: 0 })).rejects.toThrow(/options.min must be a finite number > 0; got 0/);
    await expect(minusLog(x, { min: 2, max: 1 })).rejects.toThrow(/options.max must be >= options.min/);
    await expect(minusLog('x' as never)).rejects.toThrow(ArgumentError);
  });
});

