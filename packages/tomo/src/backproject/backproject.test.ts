import { availableBackends, isPandaasError, shutdownBackends } from '@pandaas/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Backprojector } from './backprojector.js';
import { quarterTurnSymmetric } from './cpu-backprojection.js';
import { addQuarterTurn, backprojectTilesWasm } from './cpu-loop-wasm.js';
import { backprojectTiles } from './cpu-loop.js';
import { parallelGeometry, type Geometry } from './geometry.js';
import { ANGLES_PER_DISPATCH } from './webgpu-backprojection.js';
import { WASM_TILE, backprojectWasm } from './wasm-kernel.js';

// .ci/run and the Linux CI leg set PANDAAS_REQUIRE_WEBGPU=1 (llvmpipe): there the WebGPU tests
// must run, and a missing adapter fails them. Elsewhere, without an adapter, they check that the
// backprojector refuses with a BackendError instead.
const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
const gpuHere = required || (await availableBackends()).includes('webgpu');

afterAll(shutdownBackends);

/** A deterministic generator of floats in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomSinograms(values: number, seed: number): Float32Array {
  const random = seeded(seed);
  return Float32Array.from({ length: values }, () => random() - 0.3);
}

function evenAngles(n: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => offset + (i * Math.PI) / n);
}

/** The backprojection written from its definition, pixel by pixel, in float64. */
function naive(g: Geometry, sino: Float32Array, nSlices: number, scale: number): Float64Array {
  const out = new Float64Array(nSlices * g.size * g.size);
  const r = Math.floor(g.size / 2);
  for (let s = 0; s < nSlices; s++) {
    for (let y = 0; y < g.size; y++) {
      for (let x = 0; x < g.size; x++) {
        const dx = x - g.imageCenter;
        const dy = y - g.imageCenter;
        if (g.circle && dx * dx + dy * dy > r * r) continue;
        let sum = 0;
        for (let a = 0; a < g.nAngles; a++) {
          const t = g.center + dx * Math.cos(g.angles[a]) - dy * Math.sin(g.angles[a]);
          if (t < 0 || t > g.nDet - 1) continue;
          const i = Math.floor(t);
          const f = t - i;
          const row = (s * g.nAngles + a) * g.nDet;
          sum += (1 - f) * sino[row + i] + f * sino[row + Math.min(i + 1, g.nDet - 1)];
        }
        out[(s * g.size + y) * g.size + x] = sum * scale;
      }
    }
  }
  return out;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('parallelGeometry', () => {
  it("resolves scikit-image's and ASTRA's conventions, a number, and scikit-image's default size", () => {
    const angles = evenAngles(4);
    expect(parallelGeometry(angles, 363, { center: 'skimage' })).toMatchObject({ center: 181, size: 256, imageCenter: 128, circle: false });
    expect(parallelGeometry(angles, 64, { center: 'skimage' })).toMatchObject({ center: 32, size: 45, imageCenter: 22 });
    expect(parallelGeometry(angles, 64)).toMatchObject({ center: 31.5, size: 45, imageCenter: 22 });
    expect(parallelGeometry(angles, 640, { center: 296, size: 300 })).toMatchObject({ center: 296, imageCenter: 149.5 });
    expect(parallelGeometry(angles, 100, { circle: true })).toMatchObject({ size: 100, circle: true });
  });

  it('names the bad option and its value', () => {
    expect(() => parallelGeometry([0, Number.NaN], 10)).toThrow(/angles\[1\] must be a finite number \(radians\); got NaN/);
    expect(() => parallelGeometry([], 10)).toThrow(/angles must hold at least one angle/);
    expect(() => parallelGeometry([0], 2.5)).toThrow(/nDet must be a positive integer; got 2.5/);
    expect(() => parallelGeometry([0], 10, { center: 'nabu' as 'astra' })).toThrow(/options.center must be 'skimage', 'astra' or a finite detector position in pixels; got "nabu"/);
    expect(() => parallelGeometry([0], 10, { size: 0 })).toThrow(/options.size must be a positive integer; got 0/);
    expect(() => parallelGeometry([0], 10, { circle: 1 as unknown as boolean })).toThrow(/options.circle must be a boolean; got 1/);
    let outside: unknown;
    try {
      parallelGeometry([0], 10, { center: 9.5 });
    } catch (err) {
      outside = err;
    }
    expect(isPandaasError(outside, 'E_RANGE')).toBe(true);
    expect((outside as Error).message).toMatch(/options.center must lie on the detector, in \[0, 9\]; got 9.5/);
  });
});

describe('CPU backprojection', () => {
  it('the WebAssembly kernel gives the JavaScript loop bit for bit (slices 1 to 5, odd sizes, circle, rows off the detector)', () => {
    const wasm = backprojectWasm();
    const cases = [
      { size: 37, nDet: 40, nAngles: 13, nSlices: 3, center: 19.5, circle: false, tile: 16 },
      { size: 64, nDet: 64, nAngles: 30, nSlices: 5, center: 31.5, circle: true, tile: 16 },
      { size: 101, nDet: 90, nAngles: 50, nSlices: 2, center: 47.25, circle: false, tile: 64 },
      { size: 60, nDet: 50, nAngles: 7, nSlices: 1, center: 10, circle: false, tile: 15 },
    ];
    for (const c of cases) {
      const sino = randomSinograms(c.nSlices * c.nAngles * c.nDet + 1, c.size);
      const angles = evenAngles(c.nAngles, 0.1);
      const cos = Float64Array.from(angles, Math.cos);
      const sin = Float64Array.from(angles, Math.sin);
      const js = new Float32Array(c.nSlices * c.size * c.size);
      const simd = new Float32Array(c.nSlices * c.size * c.size);
      const tiles = Math.ceil(c.size / c.tile) ** 2;
      const radius = c.circle ? Math.floor(c.size / 2) : -1;
      const common = [c.size, c.tile, c.nSlices, c.nAngles, c.nDet, sino, cos, sin, c.center, (c.size - 1) / 2, 0.5, radius] as const;
      backprojectTiles(0, tiles, ...common, js);
      backprojectTilesWasm(0, tiles, ...common, simd, 1, simd, wasm);
      expect(maxAbs(js)).toBeGreaterThan(0);
      expect(Array.from(simd)).toEqual(Array.from(js));
    }
  });

  it('angles a quarter turn apart share their positions (two channels, the second turned back): the JavaScript loop within 1e-6 of the largest value (float32 roundings)', () => {
    const wasm = backprojectWasm();
    for (const { size, imageCenter, nSlices } of [{ size: 44, imageCenter: 22, nSlices: 1 }, { size: 44, imageCenter: 21.5, nSlices: 3 }, { size: 45, imageCenter: 22, nSlices: 2 }]) {
      const nDet = 50;
      const nAngles = 24;
      const angles = Float64Array.from({ length: nAngles }, (_, i) => 0.05 + (i * Math.PI) / nAngles);
      expect(quarterTurnSymmetric(angles)).toBe(true);
      const cos = angles.map(Math.cos);
      const sin = angles.map(Math.sin);
      const sino = randomSinograms(nSlices * nAngles * nDet + 1, size);
      const radius = Math.floor(size / 2) - 1;
      const js = new Float32Array(nSlices * size * size);
      const simd = new Float32Array(nSlices * size * size);
      const width = size + Math.round(2 * imageCenter) - (size - 1);
      const rotated = new Float32Array(nSlices * size * width);
      const common = [WASM_TILE, nSlices, nAngles, nDet, sino, cos, sin, 24.7, imageCenter, 0.5, radius] as const;
      backprojectTiles(0, Math.ceil(size / WASM_TILE) ** 2, size, ...common, js);
      backprojectTilesWasm(0, Math.ceil(width / WASM_TILE) * Math.ceil(size / WASM_TILE), size, ...common, simd, 2, rotated, wasm);
      addQuarterTurn(0, size, size, nSlices, imageCenter, simd, rotated);
      expect(maxAbsDiff(simd, js)).toBeLessThanOrEqual(1e-6 * maxAbs(js));
      expect(maxAbs(js)).toBeGreaterThan(0);
    }
    expect(quarterTurnSymmetric(Float64Array.of(0, 0.5, 1.5))).toBe(false);
    expect(quarterTurnSymmetric(Float64Array.of(0, 0.5, Math.PI / 2, 0.5 + Math.PI / 2 + 1e-9))).toBe(false);
  });

  it('equals the definition (float64, pixel by pixel) on the pool, within 1e-6 of the largest value', async () => {
    for (const options of [{ center: 'skimage' as const }, { center: 20.3, size: 48, circle: true }]) {
      const g = parallelGeometry(evenAngles(40), 41, options);
      const sino = randomSinograms(3 * 40 * 41, 9);
      const bp = await Backprojector.create(g);
      const ours = await bp.run(sino, 3, { scale: 0.25 });
      const expected = naive(g, sino, 3, 0.25);
      expect(ours.length).toBe(3 * g.size * g.size);
      expect(maxAbsDiff(ours, expected)).toBeLessThanOrEqual(1e-6 * maxAbs(expected));
      bp.dispose();
    }
  });

  it("'skimage' and 'astra' put the axis 0.5 px apart on an even detector: exact on a linear sinogram", async () => {
    // q[i] = 2 + 0.5 i is interpolated exactly, so every pixel whose rays stay on the detector
    // sums 0.5 * sum over angles of (t_skimage - t_astra) more with 'skimage'
    const nDet = 64;
    const angles = evenAngles(12, 0.2);
    const sino = new Float32Array(angles.length * nDet).map((_, k) => 2 + 0.5 * (k % nDet));
    for (const size of [45, 44]) {
      const s = parallelGeometry(angles, nDet, { center: 'skimage', size });
      const a = parallelGeometry(angles, nDet, { center: 'astra', size });
      const bs = await (await Backprojector.create(s)).run(sino, 1);
      const ba = await (await Backprojector.create(a)).run(sino, 1);
      let checked = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          let shift = 0;
          let onDetector = true;
          for (const theta of angles) {
            const ts = s.center + (x - s.imageCenter) * Math.cos(theta) - (y - s.imageCenter) * Math.sin(theta);
            const ta = a.center + (x - a.imageCenter) * Math.cos(theta) - (y - a.imageCenter) * Math.sin(theta);
            onDetector &&= Math.min(ts, ta) >= 0 && Math.max(ts, ta) <= nDet - 1;
            shift += ts - ta; // 0.5 per angle when size is odd (one image grid), 0.5 (1 - cos + sin) when even
          }
          if (!onDetector) continue;
          checked++;
          expect(bs[y * size + x] - ba[y * size + x]).toBeCloseTo(0.5 * shift, 4);
          if (size % 2 === 1) expect(shift).toBeCloseTo(0.5 * angles.length, 12);
        }
      }
      expect(checked).toBeGreaterThan(0.9 * size * size);
    }
  });

  it('throws typed errors naming the argument', async () => {
    const bp = await Backprojector.create(parallelGeometry([0, 1], 8, { size: 4 }));
    const cases: [unknown, RegExp, string][] = [
      [await bp.run(new Float32Array(15), 1).catch((e: unknown) => e), /sinograms must hold nSlices x nAngles x nDet = 1 x 2 x 8 = 16 values; got 15/, 'E_SHAPE'],
      [await bp.run(new Float32Array(16), 0).catch((e: unknown) => e), /nSlices must be a positive integer; got 0/, 'E_ARGUMENT'],
      [await bp.run(new Float32Array(16), 1, { scale: Number.POSITIVE_INFINITY }).catch((e: unknown) => e), /options.scale must be a finite number; got Infinity/, 'E_ARGUMENT'],
      [await bp.run(new Float32Array(16), 1, { out: new Float32Array(3) }).catch((e: unknown) => e), /options.out must hold at least nSlices x size x size = 16 values; got 3/, 'E_SHAPE'],
      [await Backprojector.create(parallelGeometry([0], 8), { backend: 'cuda' as 'cpu' }).catch((e: unknown) => e), /options.backend must be one of "cpu", "webgpu"; got "cuda"/, 'E_ARGUMENT'],
    ];
    for (const [err, message, code] of cases) {
      expect(isPandaasError(err, code as 'E_SHAPE'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    bp.dispose();
    const disposed = await bp.run(new Float32Array(16), 1).catch((e: unknown) => e);
    expect(isPandaasError(disposed, 'E_DISPOSED')).toBe(true);
  });
});

describe('WebGPU backprojection (against the CPU kernel)', () => {
  async function webgpu(g: Geometry): Promise<Backprojector | undefined> {
    const made = Backprojector.create(g, { backend: 'webgpu' });
    if (gpuHere) return made;
    // no adapter here: the backprojector must say so, naming the option
    const failure = await made.catch((e: unknown) => e);
    expect(isPandaasError(failure, 'E_BACKEND')).toBe(true);
    expect((failure as Error).message).toMatch(/^options.backend asks for "webgpu": .*; use backend "cpu"$/s);
    return undefined;
  }

  it('gives the CPU result within 2e-6·sqrt(nAngles) of the largest value (float32), 1 to 5 slices, circle, any centre', async () => {
    for (const [options, nSlices] of [[{ center: 'skimage' as const }, 5], [{ center: 17.3, size: 30, circle: true }, 1], [{ center: 'astra' as const, size: 33 }, 4]] as const) {
      const g = parallelGeometry(evenAngles(40, 0.05), 36, options);
      const gpu = await webgpu(g);
      if (gpu === undefined) return;
      expect(gpu.backend).toBe('webgpu');
      const sino = randomSinograms(nSlices * 40 * 36, 4);
      const expected = await (await Backprojector.create(g)).run(sino, nSlices, { scale: 0.1 });
      const got = await gpu.run(sino, nSlices, { scale: 0.1 });
      gpu.dispose();
      expect(maxAbs(expected)).toBeGreaterThan(0);
      expect(maxAbsDiff(got, expected)).toBeLessThanOrEqual(2e-6 * maxAbs(expected) * Math.sqrt(40));
    }
  });

  it(`adds up angle ranges of ${ANGLES_PER_DISPATCH} per dispatch (llvmpipe's loop limit) as the CPU does`, async () => {
    const nAngles = ANGLES_PER_DISPATCH + 300;
    const g = parallelGeometry(evenAngles(nAngles), 12, { size: 6 });
    const gpu = await webgpu(g);
    if (gpu === undefined) return;
    const sino = randomSinograms(nAngles * 12, 8).map((v) => v + 1);
    const expected = await (await Backprojector.create(g)).run(sino, 1, { scale: 1 / nAngles });
    const got = await gpu.run(sino, 1, { scale: 1 / nAngles });
    gpu.dispose();
    expect(maxAbsDiff(got, expected)).toBeLessThanOrEqual(1e-5 * maxAbs(expected));
  });
});
