import { isPandaasError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { fbpFixture } from '../fbp/testing/fixtures.js';
import { fftRadix2, fftTables } from './fft.js';
import { FILTER_NAMES, filterResponse, paddedLength, type FilterName } from './filter-response.js';
import { SinogramFilter, type Padding } from './sinogram-filter.js';
import { spatialKernel } from './spatial-kernel.js';

/** A deterministic generator of floats in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Rows of a smooth bump plus noise, the ends far from zero (so that edge padding matters). */
function rows(count: number, nDet: number, seed: number): Float32Array {
  const random = seeded(seed);
  const out = new Float32Array(count * nDet);
  for (let r = 0; r < count; r++) {
    for (let k = 0; k < nDet; k++) out[r * nDet + k] = 1 + r * 0.01 + Math.exp(-(((k - nDet / 3) / 7) ** 2)) + 0.2 * random();
  }
  return out;
}

/**
 * The reference written from the definitions, in float64 with a naive DFT: the row placed at
 * offset L of a length-P buffer padded as numpy.pad(mode) does with (L, R) = ((P − N) // 2, rest),
 * circularly convolved with h = Re(IDFT(H)) (scikit-image keeps the real part), cropped back.
 */
function reference(row: ArrayLike<number>, response: Float64Array, padding: Padding): Float64Array {
  const n = row.length;
  const p = response.length;
  const left = Math.floor((p - n) / 2);
  const padded = new Float64Array(p);
  for (let m = 0; m < p; m++) {
    const k = m - left;
    padded[m] = k >= 0 && k < n ? row[k] : padding === 'zero' ? 0 : row[k < 0 ? 0 : n - 1];
  }
  const h = new Float64Array(p);
  for (let d = 0; d < p; d++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += response[k] * Math.cos((2 * Math.PI * k * d) / p);
    h[d] = sum / p;
  }
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let m = 0; m < p; m++) sum += padded[m] * h[(((left + j - m) % p) + p) % p];
    out[j] = sum;
  }
  return out;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

describe('fftRadix2', () => {
  it('is the DFT (forward, and inverse scaled by 1/n) for n = 2 to 256, within 1e-12·n', () => {
    const random = seeded(2);
    for (const n of [2, 4, 8, 16, 256]) {
      const xr = Float64Array.from({ length: n }, () => random() - 0.5);
      const xi = Float64Array.from({ length: n }, () => random() - 0.5);
      const t = fftTables(n);
      for (const inverse of [false, true]) {
        const re = xr.slice();
        const im = xi.slice();
        fftRadix2(re, im, n, t.cos, t.sin, t.reverse, inverse);
        const sign = inverse ? 1 : -1;
        for (let k = 0; k < n; k++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            const angle = (sign * 2 * Math.PI * j * k) / n;
            sr += xr[j] * Math.cos(angle) - xi[j] * Math.sin(angle);
            si += xr[j] * Math.sin(angle) + xi[j] * Math.cos(angle);
          }
          const scale = inverse ? 1 / n : 1;
          expect(Math.abs(re[k] - sr * scale)).toBeLessThanOrEqual(1e-12 * n);
          expect(Math.abs(im[k] - si * scale)).toBeLessThanOrEqual(1e-12 * n);
        }
      }
    }
  });
});

describe('filterResponse', () => {
  const stored = fbpFixture().filters;
  for (const length of [64, 128]) {
    for (const name of FILTER_NAMES) {
      it(`${name}, length ${length}: scikit-image's _get_fourier_filter within 1e-12 of its largest value`, () => {
        const expected = stored[String(length)][name];
        const ours = filterResponse(name, length);
        expect(ours.length).toBe(length);
        const scale = maxAbs(expected);
        for (let k = 0; k < length; k++) expect(Math.abs(ours[k] - expected[k])).toBeLessThanOrEqual(1e-12 * scale);
      });
    }
  }

  it('refuses unknown names and lengths that are not powers of two', () => {
    expect(() => filterResponse('parzen' as FilterName, 64)).toThrow(/name must be one of .*"ramp".*; got "parzen"/);
    expect(() => filterResponse('ramp', 96)).toThrow(/length must be a power of two .*; got 96/);
  });
});

describe('paddedLength', () => {
  it("is scikit-image's max(64, 2 ** ceil(log2(2 N)))", () => {
    for (const [n, p] of [[1, 64], [20, 64], [32, 64], [33, 128], [363, 1024], [640, 2048], [2048, 4096], [2049, 8192]]) expect(paddedLength(n)).toBe(p);
    expect(() => paddedLength(0)).toThrow(/nDet must be a positive integer; got 0/);
  });
});

describe('SinogramFilter', () => {
  for (const padding of ['zero', 'edge'] as const) {
    for (const filter of ['ramp', 'hamming'] as const) {
      it(`${filter}, ${padding} padding: each row as the definition gives it (float64 naive DFT), within 1e-6 of the row's largest value`, async () => {
        const nDet = 50;
        const data = rows(3, nDet, 11); // three rows: a pair and a lone row share the FFT differently
        const f = new SinogramFilter(nDet, { filter, padding });
        expect(f.length).toBe(128);
        const out = await f.apply(data, 3);
        for (let r = 0; r < 3; r++) {
          const expected = reference(data.subarray(r * nDet, (r + 1) * nDet), f.response, padding);
          const got = out.subarray(r * nDet, (r + 1) * nDet);
          const tolerance = 1e-6 * maxAbs(expected);
          for (let k = 0; k < nDet; k++) expect(Math.abs(got[k] - expected[k])).toBeLessThanOrEqual(tolerance);
        }
      });
    }
  }

  it('spatialKernel (the WebGPU filter) convolves as the FFT filters, both paddings, within 1e-6', async () => {
    const nDet = 40;
    const data = rows(2, nDet, 5);
    for (const padding of ['zero', 'edge'] as const) {
      const f = new SinogramFilter(nDet, { filter: 'hann', padding });
      const viaFft = await f.apply(data, 2);
      const { kernel, edges } = spatialKernel(f.response, nDet, padding === 'edge');
      for (let r = 0; r < 2; r++) {
        const row = data.subarray(r * nDet, (r + 1) * nDet);
        for (let j = 0; j < nDet; j++) {
          let sum = row[nDet - 1] * edges[j] + row[0] * edges[nDet + j];
          for (let k = 0; k < nDet; k++) sum += row[k] * kernel[j - k + nDet - 1];
          expect(Math.abs(sum - viaFft[r * nDet + j])).toBeLessThanOrEqual(1e-6 * maxAbs(viaFft));
        }
      }
    }
  });

  it('filters a batch big enough for the CPU pool as it filters each row alone', async () => {
    const nDet = 200;
    const count = 501; // 100,200 values: split over the pool, an odd count
    const data = rows(count, nDet, 3);
    const f = new SinogramFilter(nDet, { filter: 'shepp-logan', padding: 'edge' });
    const batch = await f.apply(data, count);
    for (const r of [0, 1, 250, 499, 500]) {
      const alone = await f.apply(data.slice(r * nDet, (r + 1) * nDet), 1);
      expect(Array.from(batch.subarray(r * nDet, (r + 1) * nDet))).toEqual(Array.from(alone));
    }
  });

  it('writes into a longer out, leaving the rest', async () => {
    const f = new SinogramFilter(10);
    const out = new Float32Array(25).fill(7);
    await f.apply(new Float32Array(20).fill(1), 2, out);
    expect(out.slice(20)).toEqual(new Float32Array(5).fill(7));
    expect(out[0]).not.toBe(7);
  });

  it('names the bad argument and its value', async () => {
    const fail = (thunk: () => unknown) => {
      try {
        thunk();
      } catch (err) {
        return err as Error;
      }
      throw new Error('did not throw');
    };
    expect(fail(() => new SinogramFilter(0)).message).toMatch(/nDet must be a positive integer; got 0/);
    expect(fail(() => new SinogramFilter(8, { filter: 'ram' as FilterName })).message).toMatch(/options.filter must be one of .*; got "ram"/);
    expect(fail(() => new SinogramFilter(8, { padding: 'reflect' as Padding })).message).toMatch(/options.padding must be one of "zero", "edge"; got "reflect"/);
    const f = new SinogramFilter(8);
    const shape = await f.apply(new Float32Array(15), 2).catch((err: unknown) => err);
    expect(isPandaasError(shape, 'E_SHAPE')).toBe(true);
    expect((shape as Error).message).toMatch(/src must hold rows x nDet = 2 x 8 = 16 values; got 15/);
    const type = await f.apply(new Float64Array(16) as unknown as Float32Array, 2).catch((err: unknown) => err);
    expect(isPandaasError(type, 'E_ARGUMENT')).toBe(true);
    const short = await f.apply(new Float32Array(16), 2, new Float32Array(10)).catch((err: unknown) => err);
    expect((short as Error).message).toMatch(/out must hold at least 16 values; got 10/);
  });
});
