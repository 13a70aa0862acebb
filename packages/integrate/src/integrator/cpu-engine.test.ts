import { array, isPandaasError, type NdArray, setPoolSize, shutdownBackends } from '@pandaas/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../core/src/testing/rng.js';
import type { Csr } from '../splitting/types.js';
import { createCpuEngine } from './cpu-engine.js';
import type { Accumulators, Corrections, ErrorModel } from './engine.js';
import { createHistogramEngine } from './histogram-engine.js';

afterEach(() => setPoolSize(undefined));
afterAll(() => shutdownBackends());

/** A CSR matrix from (bin, pixel, weight) triples, pixels ascending within each bin. */
function csrOf(rows: number, cols: number, triples: [number, number, number][]): Csr {
  const sorted = [...triples].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const indptr = new Int32Array(rows + 1);
  for (const [b] of sorted) indptr[b + 1]++;
  for (let r = 0; r < rows; r++) indptr[r + 1] += indptr[r];
  return { rows, cols, indptr, indices: Int32Array.from(sorted, (t) => t[1]), weights: Float32Array.from(sorted, (t) => t[2]) };
}

/**
 * The reference: pyFAI's formulas written out plainly, pixel by pixel, from the triples. A pixel
 * is valid unless statically invalid, non-finite, or within deltaDummy of dummy; the azimuthal
 * variance is the two-pass weighted sum  sum_i w_i n_i (s_i/n_i - mean)^2, mean = sum w s / sum w n.
 */
function reference(rows: number, triples: [number, number, number][], raw: ArrayLike<number>, c: Corrections): Accumulators {
  const out = { signal: new Float64Array(rows), variance: new Float64Array(rows), normalization: new Float64Array(rows), normalization2: new Float64Array(rows), count: new Float64Array(rows) };
  const valid = (p: number) => {
    const x = raw[p];
    if (c.invalid[p] !== 0 || !Number.isFinite(x)) return false;
    return c.dummy === undefined || Math.abs(x - c.dummy) > (c.deltaDummy ?? 0);
  };
  const signal = (p: number) => raw[p] - (c.dark?.[p] ?? 0);
  for (const [b, p, w32] of triples) {
    const w = Math.fround(w32);
    if (!valid(p) || w === 0) continue;
    out.signal[b] += w * signal(p);
    if (c.errorModel === 'poisson') out.variance[b] += w * w * Math.max(raw[p], 1);
    if (c.errorModel === 'variance') out.variance[b] += w * w * c.variance![p];
    out.normalization[b] += w * c.norm[p];
    out.normalization2[b] += (w * c.norm[p]) ** 2;
    out.count[b] += w;
  }
  if (c.errorModel === 'azimuthal') {
    for (const [b, p, w32] of triples) {
      const w = Math.fround(w32);
      if (!valid(p) || w === 0) continue;
      const mean = out.signal[b] / out.normalization[b];
      out.variance[b] += w * c.norm[p] * (signal(p) / c.norm[p] - mean) ** 2;
    }
  }
  return out;
}

function expectClose(got: Accumulators, want: Accumulators, rel: number): void {
  for (const key of ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const) {
    const g = got[key];
    const w = want[key];
    expect(g.length, key).toBe(w.length);
    for (let i = 0; i < w.length; i++) {
      const tol = rel * Math.max(1, Math.abs(w[i]));
      if (Math.abs(g[i] - w[i]) > tol) expect.fail(`${key}[${i}]: got ${g[i]}, want ${w[i]} (tolerance ${tol})`);
    }
  }
}

interface Case {
  rows: number;
  pixels: number;
  triples: [number, number, number][];
  raw: Float32Array;
  c: Corrections;
}

/** A random problem: every pixel in 1-3 bins, some weights 0, static and frame-invalid pixels. */
function randomCase(seed: number, rows: number, pixels: number, errorModel: ErrorModel, extras: { dark?: boolean; dummy?: boolean } = {}): Case {
  const r = new Rng(seed);
  const triples: [number, number, number][] = [];
  for (let p = 0; p < pixels; p++) {
    const first = Math.floor(r.next() * rows);
    const spread = 1 + Math.floor(r.next() * 3);
    for (let k = 0; k < spread && first + k < rows; k++) triples.push([first + k, p, r.next() < 0.02 ? 0 : Math.fround(0.05 + r.next())]);
  }
  const raw = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const u = r.next();
    raw[p] = u < 0.01 ? NaN : u < 0.015 ? Infinity : u < 0.03 ? -2 : u < 0.04 ? -1.2 : Math.floor(r.next() * 200) - 3;
  }
  const norm = new Float32Array(pixels);
  const invalid = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    invalid[p] = r.next() < 0.05 ? 1 : 0;
    norm[p] = invalid[p] ? 0 : Math.fround(0.3 + r.next());
  }
  const c: Corrections = {
    norm,
    invalid,
    errorModel,
    ...(extras.dark ? { dark: Float32Array.from({ length: pixels }, () => Math.fround(r.next() * 5)) } : {}),
    ...(errorModel === 'variance' ? { variance: Float32Array.from({ length: pixels }, () => Math.fround(r.next() * 50)) } : {}),
    ...(extras.dummy ? { dummy: -2, deltaDummy: 1 } : {}),
  };
  return { rows, pixels, triples, raw, c };
}

function frameOf(raw: Float32Array, shared: boolean): NdArray {
  const values = shared ? new Float32Array(new SharedArrayBuffer(raw.byteLength)) : new Float32Array(raw.length);
  values.set(raw);
  return array(values, { backend: 'cpu' });
}

describe('createCpuEngine', () => {
  it('gives the sums worked out by hand on a 2-bin, 4-pixel matrix', async () => {
    // bin 0: p0 (w 1), p1 (w 0.5); bin 1: p1 (w 0.5), p2 (w 1, NaN in the frame), p3 (w 1)
    const csr = csrOf(2, 4, [[0, 0, 1], [0, 1, 0.5], [1, 1, 0.5], [1, 2, 1], [1, 3, 1]]);
    const c: Corrections = { norm: new Float32Array([1, 2, 1, 0.5]), invalid: new Uint8Array(4), errorModel: 'poisson' };
    const acc = await createCpuEngine(csr, c).run(array(new Float32Array([4, 6, NaN, 3])));
    // signal: 4 + 0.5*6 = 7 | 0.5*6 + 3 = 6; variance (max(raw,1)): 4 + 0.25*6 = 5.5 | 0.25*6 + 3 = 4.5
    // norm: 1 + 0.5*2 = 2 | 0.5*2 + 0.5 = 1.5; norm^2: 1 + 1 = 2 | 1 + 0.25; count: 1.5 | 1.5 (p2 left out)
    expect(Array.from(acc.signal)).toEqual([7, 6]);
    expect(Array.from(acc.variance)).toEqual([5.5, 4.5]);
    expect(Array.from(acc.normalization)).toEqual([2, 1.5]);
    expect(Array.from(acc.normalization2)).toEqual([2, 1.25]);
    expect(Array.from(acc.count)).toEqual([1.5, 1.5]);
  });

  it('gives the azimuthal variance of a bin: the weighted squared deviations from its mean, by hand', async () => {
    // one bin, pixels (s, n) = (2, 1), (6, 2), (3, 1) with weights 1: values s/n = 2, 3, 3, weights n = 1, 2, 1;
    // mean = 11/4; variance = 1*(2-2.75)^2 + 2*(3-2.75)^2 + 1*(3-2.75)^2 = 0.5625 + 0.125 + 0.0625 = 0.75
    const csr = csrOf(1, 3, [[0, 0, 1], [0, 1, 1], [0, 2, 1]]);
    const c: Corrections = { norm: new Float32Array([1, 2, 1]), invalid: new Uint8Array(3), errorModel: 'azimuthal' };
    const acc = await createCpuEngine(csr, c).run(array(new Float32Array([2, 6, 3])));
    expect(acc.signal[0]).toBe(11);
    expect(acc.normalization[0]).toBe(4);
    expect(acc.variance[0]).toBeCloseTo(0.75, 14);
    expect(acc.normalization2[0]).toBe(6);
    expect(acc.count[0]).toBe(3);
  });

  for (const errorModel of ['none', 'poisson', 'variance', 'azimuthal'] as const) {
    it(`matches the plain formulas for error model ${errorModel}, on one thread and on the pool alike (rel 1e-12)`, async () => {
      // 40 000 pixels in up to 3 bins each: ~80 000 stored elements, above the pool's threshold
      const k = randomCase(7 + errorModel.length, 500, 40_000, errorModel, { dark: true, dummy: true });
      const want = reference(k.rows, k.triples, k.raw, k.c);
      const csr = csrOf(k.rows, k.pixels, k.triples);
      setPoolSize(1);
      const single = await createCpuEngine(csr, k.c).run(frameOf(k.raw, false));
      expectClose(single, want, 1e-12);
      setPoolSize(2);
      const engine = createCpuEngine(csr, k.c);
      const pooled = await engine.run(frameOf(k.raw, true));
      const copied = await engine.run(frameOf(k.raw, false)); // copied to shared memory first
      for (const key of ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const) {
        expect(Array.from(pooled[key]), key).toEqual(Array.from(single[key]));
        expect(Array.from(copied[key]), key).toEqual(Array.from(single[key]));
      }
    });
  }

  it('integrates matrices whose weights are all 1 (no splitting), on one thread and on the pool alike (rel 1e-12)', async () => {
    for (const errorModel of ['poisson', 'azimuthal'] as const) {
      const k = randomCase(31, 400, 70_000, errorModel, { dark: true, dummy: true });
      // one bin per pixel, weight 1
      const triples = k.triples.filter((t, i) => i === 0 || k.triples[i - 1][1] !== t[1]).map(([b, p]): [number, number, number] => [b, p, 1]);
      const want = reference(k.rows, triples, k.raw, k.c);
      const csr = csrOf(k.rows, k.pixels, triples);
      setPoolSize(1);
      const single = await createCpuEngine(csr, k.c).run(frameOf(k.raw, false));
      expectClose(single, want, 1e-12);
      setPoolSize(2);
      const pooled = await createCpuEngine(csr, k.c).run(frameOf(k.raw, true));
      for (const key of ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const) expect(Array.from(pooled[key]), key).toEqual(Array.from(single[key]));
    }
  });

  it('takes the static sums for bins without invalid pixels (clean frames, dark subtracted from the gathered sum, rel 1e-12)', async () => {
    for (const errorModel of ['none', 'poisson', 'variance'] as const) {
      const k = randomCase(77, 300, 20_000, errorModel, { dark: true });
      const clean = Float32Array.from(k.raw, (x) => (Number.isFinite(x) ? x : 7));
      expectClose(await createCpuEngine(csrOf(k.rows, k.pixels, k.triples), k.c).run(frameOf(clean, false)), reference(k.rows, k.triples, clean, k.c), 1e-12);
    }
  });

  it('turns dummy values into invalid pixels on the pool for large frames, as on one thread (rel 1e-12)', async () => {
    // 300 000 pixels: the dummy check is split over the pool's workers
    const k = randomCase(1234, 2000, 300_000, 'poisson', { dark: true, dummy: true });
    const want = reference(k.rows, k.triples, k.raw, k.c);
    const csr = csrOf(k.rows, k.pixels, k.triples);
    setPoolSize(2);
    expectClose(await createCpuEngine(csr, k.c).run(frameOf(k.raw, true)), want, 1e-12);
    setPoolSize(1);
    expectClose(await createCpuEngine(csr, k.c).run(frameOf(k.raw, false)), want, 1e-12);
  });

  it('reads integer frames and strided views in C order of the view', async () => {
    const csr = csrOf(2, 4, [[0, 0, 1], [0, 1, 1], [1, 2, 1], [1, 3, 0.5]]);
    const c: Corrections = { norm: new Float32Array(4).fill(1), invalid: new Uint8Array(4), errorModel: 'none' };
    const engine = createCpuEngine(csr, c);
    const ints = await engine.run(array(new Uint16Array([1, 2, 3, 4]), { shape: [2, 2] }));
    expect(Array.from(ints.signal)).toEqual([3, 5]);
    // the transpose of [[1, 2], [3, 4]] is [[1, 3], [2, 4]]: pixels 1, 3, 2, 4 in C order
    const view = await engine.run(array(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] }).transpose());
    expect(Array.from(view.signal)).toEqual([4, 4]);
  });

  it('gives a fresh set of sums per frame, and runs frames one after the other', async () => {
    const csr = csrOf(1, 2, [[0, 0, 1], [0, 1, 1]]);
    const engine = createCpuEngine(csr, { norm: new Float32Array([1, 1]), invalid: new Uint8Array(2), errorModel: 'none' });
    const [a, b] = await Promise.all([engine.run(array(new Float32Array([1, 2]))), engine.run(array(new Float32Array([10, 20])))]);
    expect([a.signal[0], b.signal[0]]).toEqual([3, 30]);
  });

  it('refuses bad frames, corrections and matrices with typed errors, and runs no more once disposed', async () => {
    const csr = csrOf(1, 2, [[0, 0, 1], [0, 1, 1]]);
    const good: Corrections = { norm: new Float32Array(2), invalid: new Uint8Array(2), errorModel: 'none' };
    const engine = createCpuEngine(csr, good);
    await expect(engine.run(array(new Float32Array(3)))).rejects.toSatisfy((e) => isPandaasError(e, 'E_SHAPE') && /must hold 2 pixels; got shape \[3\]/.test(String(e)));
    await expect(engine.run(array([true, false]))).rejects.toSatisfy((e) => isPandaasError(e, 'E_DTYPE'));
    await expect(engine.run(new Float32Array(2) as unknown as NdArray)).rejects.toSatisfy((e) => isPandaasError(e, 'E_ARGUMENT'));
    const bad: [Partial<Corrections>, string, RegExp][] = [
      [{ norm: new Float64Array(2) as unknown as Float32Array }, 'E_ARGUMENT', /corrections.norm must be a Float32Array/],
      [{ invalid: new Uint8Array(3) }, 'E_SHAPE', /corrections.invalid must be a Uint8Array of 2 pixels/],
      [{ dark: new Float32Array(1) }, 'E_SHAPE', /corrections.dark must be a Float32Array of 2 pixels/],
      [{ errorModel: 'gauss' as ErrorModel }, 'E_ARGUMENT', /errorModel must be one of "none", "variance", "poisson", "azimuthal"; got "gauss"/],
      [{ errorModel: 'variance' }, 'E_ARGUMENT', /corrections.variance is needed/],
      [{ dummy: NaN }, 'E_ARGUMENT', /corrections.dummy must be a finite number; got NaN/],
      [{ deltaDummy: -1 }, 'E_ARGUMENT', /corrections.deltaDummy must be a finite number >= 0; got -1/],
    ];
    for (const [change, code, message] of bad) {
      let caught: unknown;
      try {
        createCpuEngine(csr, { ...good, ...change });
      } catch (err) {
        caught = err;
      }
      expect(isPandaasError(caught, code as 'E_SHAPE'), String(caught)).toBe(true);
      expect(String(caught)).toMatch(message);
    }
    const matrices: [Csr, RegExp][] = [
      [{ ...csr, cols: 3 }, /csr.cols must be the number of pixels of the corrections \(2\); got 3/],
      [{ ...csr, indptr: new Int32Array([0, 1]) }, /csr.indptr must run from 0 to the number of stored elements \(2\)/],
      [{ ...csr, indices: new Int32Array([0, 5]) }, /csr.indices\[1\] must be a pixel index in \[0, 2\); got 5/],
      [{ ...csr, rows: 2, indptr: new Int32Array([0, 2, 1]) }, /csr.indptr must run from 0/],
    ];
    for (const [m, message] of matrices) expect(() => createCpuEngine(m, good)).toThrow(message);
    engine.dispose();
    await expect(engine.run(array(new Float32Array(2)))).rejects.toSatisfy((e) => isPandaasError(e, 'E_DISPOSED'));
  });
});

describe('createHistogramEngine', () => {
  for (const errorModel of ['none', 'poisson', 'variance', 'azimuthal'] as const) {
    it(`scatters to the sums of the plain formulas for error model ${errorModel} (rel 1e-12)`, async () => {
      const k = randomCase(99 + errorModel.length, 60, 3000, errorModel, { dark: true, dummy: true });
      const want = reference(k.rows, k.triples, k.raw, k.c);
      // the visitor emits pixel by pixel, as the splitting code does
      const byPixel = [...k.triples].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      const engine = createHistogramEngine((emit) => byPixel.forEach(([b, p, w]) => emit(b, p, w)), k.rows, k.c);
      expectClose(await engine.run(frameOf(k.raw, false)), want, 1e-12);
    });
  }

  it('refuses a bad visitor or bin count', () => {
    const c: Corrections = { norm: new Float32Array(2), invalid: new Uint8Array(2), errorModel: 'none' };
    expect(() => createHistogramEngine(3 as unknown as () => void, 2, c)).toThrow(/visit must be a function/);
    expect(() => createHistogramEngine(() => undefined, 0, c)).toThrow(/bins must be a positive integer; got 0/);
  });
});
