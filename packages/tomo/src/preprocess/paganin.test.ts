import { ArgumentError, ShapeError, array } from '@pandaas/core';
import { readTiff } from '@pandaas/io-nexus';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { flatField } from './flat-field.js';
import { paganin, type PaganinOptions, type PaganinPadding } from './paganin.js';
import { nextSmoothLength } from './smooth-length.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('nextSmoothLength', () => {
  it('is the smallest 2,3,5,7-smooth length >= n', () => {
    expect([1, 11, 22, 26, 97, 270, 320, 1000, 2049].map(nextSmoothLength)).toEqual([1, 12, 24, 27, 98, 270, 320, 1000, 2058]);
  });
});

describe('paganin: closed form on a synthetic edge', () => {
  // A transmission step I(x) = 1 (x < x0), c (x >= x0), constant along the rows. Along x the
  // Paganin filter is 1 / (1 + a·(2πf)²) with a = λ·D·(δ/β) / (4π·p²) in pixels² (f in
  // cycles/pixel), the Fourier transform of the Green function G(x) = exp(−|x|/L) / (2L) of
  // (1 − a·d²/dx²), L = √a. The step convolved with G is
  //   x < x0:  1 − (1 − c)/2 · exp(−(x0 − x)/L)
  //   x >= x0: c + (1 − c)/2 · exp(−(x − x0)/L).
  // The discrete filter stops at the Nyquist frequency; the response it misses integrates to
  // (1/(π√a))·(π/2 − arctan(π√a)) < 1/(π²a), so |Δ| <= (1 − c)/(π²a) (edge padding, with the wrap
  // of the padded period more than 8L away, adds nothing measurable).
  const o: PaganinOptions = { deltaBeta: 100, energy: 20, distance: 0.5, pixelSize: 1e-6 };
  const lambda = 1.23984199e-3 / 20; // µm
  const a = (lambda * 0.5e6 * 100) / (4 * Math.PI * 1); // pixel² (pixel = 1 µm)
  const L = Math.sqrt(a);
  const n = 256;
  const rows = 6;
  const x0 = 127.5;
  const c = 0.6;
  const step = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) for (let x = 0; x < n; x++) step[r * n + x] = x < x0 ? 1 : c;
  const expected = Float64Array.from({ length: n }, (_, x) =>
    x < x0 ? 1 - ((1 - c) / 2) * Math.exp(-(x0 - x) / L) : c + ((1 - c) / 2) * Math.exp(-(x - x0) / L));
  const bound = (1 - c) / (Math.PI ** 2 * a);

  it('filtered intensity matches the analytic profile within (1 − c)/(π²a)', async () => {
    expect(L).toBeGreaterThan(15); // the edge spreads over tens of pixels: a real test of the kernel
    const out = await (await paganin(array(step, { shape: [rows, n] }), { ...o, log: false })).data();
    let worst = 0;
    for (let r = 0; r < rows; r++) for (let x = 0; x < n; x++) worst = Math.max(worst, Math.abs(out[r * n + x] - expected[x]));
    expect(worst).toBeLessThanOrEqual(bound);
    // and the result is not the input: the edge really was smoothed by ~(1 − c)/2
    expect(Math.abs(out[127] - 1)).toBeGreaterThan(0.15);
  });

  it('returns −ln of it by default', async () => {
    const out = await (await paganin(array(step, { shape: [1, rows, n] }), o)).data();
    let worst = 0;
    for (let x = 0; x < n; x++) worst = Math.max(worst, Math.abs(out[2 * n + x] + Math.log(expected[x])));
    // d(−ln I) = dI / I, I >= c
    expect(worst).toBeLessThanOrEqual(bound / c);
  });

  it('leaves a uniform radio uniform (the filter is 1 at k = 0)', async () => {
    const flat = new Float32Array(20 * 30).fill(0.25);
    const out = await (await paganin(array(flat, { shape: [20, 30] }), { ...o, padding: 'mean' })).data();
    for (const v of out) expect(v).toBeCloseTo(-Math.log(0.25), 6);
  });
});

interface PaganinCase {
  name: string;
  crop: [number, number, number, number];
  deltaBeta: number;
  energy: number;
  distance: number;
  pixelSize: [number, number];
  padding: PaganinPadding;
  log: boolean;
  offset: number;
  shape: [number, number];
}

describe('paganin: against the numpy re-implementation of nabu (scripts/fixtures/tomo/paganin.py)', async () => {
  const folder = join(here, '..', '__fixtures__', 'preprocess');
  const manifest = JSON.parse(readFileSync(join(folder, 'paganin.json'), 'utf8')) as { cases: PaganinCase[] };
  const bytes = gunzipSync(readFileSync(join(folder, 'paganin.bin.gz')));
  const stored = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const savu = (...p: string[]) => sharedData('tomography', 'savu_24737_tiffs', ...p);
  const [raw, dark, flat] = await Promise.all([readTiff(savu('tiffs', 'raw_00000.tiff')), readTiff(savu('dark_00001.tiff')), readTiff(savu('flat_00001.tiff'))]);
  const radio = await (await flatField(raw.frames[0].data, { flats: flat.frames[0].data, darks: dark.frames[0].data })).data();

  for (const c of manifest.cases) {
    it(`${c.name} on the real I13-2 radio (${c.shape.join(' x ')}): max |Δ| <= 2e-6 of the range`, async () => {
      const [r0, r1, c0, c1] = c.crop;
      const crop = new Float32Array((r1 - r0) * (c1 - c0));
      for (let r = r0; r < r1; r++) crop.set(radio.subarray(r * 160 + c0, r * 160 + c1), (r - r0) * (c1 - c0));
      const options: PaganinOptions = { deltaBeta: c.deltaBeta, energy: c.energy, distance: c.distance, pixelSize: c.pixelSize, padding: c.padding, log: c.log };
      const out = await (await paganin(array(crop, { shape: [r1 - r0, c1 - c0] }), options)).data();
      const want = stored.subarray(c.offset, c.offset + out.length);
      let lo = Infinity;
      let hi = -Infinity;
      let worst = 0;
      for (let k = 0; k < out.length; k++) {
        lo = Math.min(lo, want[k]);
        hi = Math.max(hi, want[k]);
        worst = Math.max(worst, Math.abs(out[k] - want[k]));
      }
      // float32 input radio, float64 FFTs, float32 storage of both sides
      expect(worst).toBeLessThanOrEqual(2e-6 * (hi - lo));
    });
  }
});

describe('paganin: bad input', () => {
  const radio = array(new Float32Array(12).fill(1), { shape: [3, 4] });
  const o: PaganinOptions = { deltaBeta: 100, energy: 20, distance: 0.5, pixelSize: 1e-6 };
  it('names the argument and the value', async () => {
    await expect(paganin(array(new Float32Array(4)), o)).rejects.toThrow(ShapeError);
    await expect(paganin([1, 2] as never, o)).rejects.toThrow(/radios must be an NdArray/);
    await expect(paganin(radio, { ...o, deltaBeta: 0 })).rejects.toThrow(/options.deltaBeta must be .*> 0; got 0/);
    await expect(paganin(radio, { ...o, energy: Number.NaN })).rejects.toThrow(/options.energy .*got NaN/);
    await expect(paganin(radio, { ...o, distance: -1 })).rejects.toThrow(ArgumentError);
    await expect(paganin(radio, { ...o, pixelSize: 1.5 })).rejects.toThrow(/options.pixelSize is in metres/);
    await expect(paganin(radio, { ...o, pixelSize: [1e-6] as never })).rejects.toThrow(/options.pixelSize must be a number or \[horizontal, vertical\]/);
    await expect(paganin(radio, { ...o, padding: 'wrap' as never })).rejects.toThrow(/options.padding must be one of .*got "wrap"/);
    await expect(paganin(radio, { ...o, log: 1 as never })).rejects.toThrow(/options.log must be a boolean/);
    await expect(paganin(radio, undefined as never)).rejects.toThrow(/options.deltaBeta/);
  });
});
