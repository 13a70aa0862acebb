import { ArgumentError, ShapeError, array, setPoolSize } from '@pandaas/core';
import { readTiff } from '@pandaas/io-nexus';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { BLOBS, blobSinogram, ellipseSinogram } from '../sinogram/testing/ellipses.js';
import { daubechies } from './daubechies.js';
import { dftLines } from './dft.js';
import { detectStripes, dilate } from './detect-stripes.js';
import { dwt2, idwt2 } from './dwt.js';
import { removeStripesMunch } from './munch.js';
import { removeDeadStripes, removeLargeStripes, removeStripesFiltering, removeStripesSorting, removeStripesVo } from './vo.js';

const here = dirname(fileURLToPath(import.meta.url));
const folder = join(here, '..', '__fixtures__', 'rings');

interface RingCase {
  name: string;
  offset: number;
  options: { method: string; wavelet?: number; level?: number; sigma?: number; pad?: boolean; size?: number; snr?: number; laSize?: number; smSize?: number };
}
interface Manifest {
  input: { meanColumns0to29: number; crop: [number, number, number, number] };
  cases: RingCase[];
  daubechies: Record<string, { decLo: number[]; decHi: number[]; recLo: number[]; recHi: number[] }>;
}
const manifest = JSON.parse(readFileSync(join(folder, 'rings.json'), 'utf8')) as Manifest;

describe('daubechies', () => {
  it('db1..db10 equal PyWavelets\' filter banks within 1e-12', () => {
    for (let n = 1; n <= 10; n++) {
      const want = manifest.daubechies[`db${n}`];
      const got = daubechies(n);
      for (const key of ['decLo', 'decHi', 'recLo', 'recHi'] as const) {
        expect(got[key].length).toBe(2 * n);
        for (let k = 0; k < 2 * n; k++) expect(Math.abs(got[key][k] - want[key][k]), `db${n} ${key}[${k}]`).toBeLessThan(1e-12);
      }
    }
  });
  it('db12 is orthonormal with 12 vanishing moments (beyond the fixture)', () => {
    const h = daubechies(12).recLo;
    for (let shift = 0; shift < 12; shift++) {
      let s = 0;
      for (let k = 0; k + 2 * shift < 24; k++) s += h[k] * h[k + 2 * shift];
      expect(Math.abs(s - (shift === 0 ? 1 : 0))).toBeLessThan(1e-10);
    }
    const g = daubechies(12).decHi;
    for (let p = 0; p < 12; p++) {
      let s = 0;
      for (let k = 0; k < 24; k++) s += g[k] * (k / 23) ** p;
      expect(Math.abs(s)).toBeLessThan(1e-9);
    }
  });
  it('rejects orders outside [1, 20]', () => {
    expect(() => daubechies(0)).toThrow(ArgumentError);
    expect(() => daubechies(2.5)).toThrow(/got 2.5/);
  });
});

describe('dwt2 / idwt2 (PyWavelets conventions, mode symmetric)', () => {
  it('reconstructs exactly (37 x 23, db5, db1) and keeps the shapes of pywt', () => {
    const x = Float64Array.from({ length: 37 * 23 }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13);
    for (const n of [5, 1]) {
      const f = daubechies(n);
      const lv = dwt2(x, 37, 23, f);
      expect([lv.rows, lv.cols]).toEqual([Math.floor((37 + 2 * n - 1) / 2), Math.floor((23 + 2 * n - 1) / 2)]);
      const back = idwt2(lv, f);
      for (let r = 0; r < 37; r++) for (let c = 0; c < 23; c++) expect(Math.abs(back.x[r * back.cols + c] - x[r * 23 + c])).toBeLessThan(1e-12);
    }
  });
});

describe('dftLines (any length, Bluestein beyond 2,3,5,7)', () => {
  it('matches the direct DFT for lengths 7, 11, 16, 97 forward and inverse', async () => {
    for (const n of [7, 11, 16, 97]) {
      const xr = Float64Array.from({ length: 2 * n }, (_, i) => Math.cos(i * 1.3) + i / n);
      const xi = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 0.7));
      for (const inverse of [false, true]) {
        const re = xr.slice();
        const im = xi.slice();
        await dftLines(re, im, 2, n, inverse);
        for (let l = 0; l < 2; l++) {
          for (let k = 0; k < n; k++) {
            let sr = 0;
            let si = 0;
            for (let j = 0; j < n; j++) {
              const a = ((inverse ? 2 : -2) * Math.PI * j * k) / n;
              sr += xr[l * n + j] * Math.cos(a) - xi[l * n + j] * Math.sin(a);
              si += xr[l * n + j] * Math.sin(a) + xi[l * n + j] * Math.cos(a);
            }
            const s = inverse ? 1 / n : 1;
            expect(Math.abs(re[l * n + k] - sr * s)).toBeLessThan(1e-10 * n);
            expect(Math.abs(im[l * n + k] - si * s)).toBeLessThan(1e-10 * n);
          }
        }
      }
    }
  });
});

describe('detectStripes (Vo algorithm 4)', () => {
  it('flags the columns that stand out of the sorted profile\'s line, both sides', () => {
    const v = Float64Array.from({ length: 40 }, (_, i) => 1 + 0.01 * Math.sin(i * 2.1));
    v[7] = 1.5;
    v[30] = 0.6;
    const mask = detectStripes(v, 3);
    expect([...mask.keys()].filter((i) => mask[i] === 1)).toEqual([7, 30]);
    expect(Array.from(detectStripes(Float64Array.from({ length: 40 }, (_, i) => 1 + 0.01 * Math.sin(i * 2.1)), 3)).every((m) => m === 0)).toBe(true);
    expect(Array.from(dilate(Uint8Array.of(1, 0, 0, 0, 1, 0)))).toEqual([1, 1, 0, 1, 1, 1]);
  });
});

/** The neutron sinogram of sarepy's example, normalised as there: / mean of columns 0–29, ≤ 0 → mean, −log. */
async function neutron(): Promise<{ values: Float64Array; nA: number; nD: number }> {
  const tif = await readTiff(sharedData('tomography', 'sinogram_360_neutron_image.tif'));
  const raw = tif.frames[0].data;
  const [nA, nD] = raw.shape;
  const v = raw.dataSync();
  const values = new Float64Array(nA * nD);
  let mean0 = 0;
  for (let r = 0; r < nA; r++) for (let c = 0; c < 30; c++) mean0 += v[r * nD + c];
  mean0 /= nA * 30;
  let mean = 0;
  for (let e = 0; e < values.length; e++) mean += (values[e] = v[e] / mean0) / values.length;
  for (let e = 0; e < values.length; e++) values[e] = -Math.log(values[e] <= 0 ? mean : values[e]);
  return { values, nA, nD };
}

describe('against the numpy/scipy/pywt re-implementations (scripts/fixtures/tomo/rings.py)', async () => {
  const bytes = gunzipSync(readFileSync(join(folder, 'rings.bin.gz')));
  const stored = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const tif = await readTiff(sharedData('tomography', 'sinogram_360_neutron_image.tif'));
  const raw = tif.frames[0].data.dataSync();
  const [a0, a1, c0, c1] = manifest.input.crop;
  const nA = a1 - a0;
  const nD = c1 - c0;
  const input = new Float64Array(nA * nD);
  let mean = 0;
  for (let r = 0; r < nA; r++) for (let c = 0; c < nD; c++) mean += (input[r * nD + c] = raw[(r + a0) * 503 + c + c0] / manifest.input.meanColumns0to29) / (nA * nD);
  for (let e = 0; e < input.length; e++) input[e] = -Math.log(input[e] <= 0 ? mean : input[e]);
  for (let r = 0; r < nA; r++) {
    input[r * nD + 20] = 0.3 + 0.002 * r;
    for (let c = 45; c < 49; c++) input[r * nD + c] += 0.15;
    if (r >= 30 && r < 70) input[r * nD + 60] += 0.05;
  }
  const sino = array(input, { shape: [nA, nD] });

  for (const c of manifest.cases) {
    it(`${c.name}: max |Δ| <= 2e-6 (values ~1, float32 storage)`, async () => {
      const o = c.options;
      const out = await (await (
        o.method === 'munch' ? removeStripesMunch(sino, { wavelet: o.wavelet, level: o.level, sigma: o.sigma, pad: o.pad })
          : o.method === 'sorting' ? removeStripesSorting(sino, { size: o.size })
            : o.method === 'filtering' ? removeStripesFiltering(sino, { sigma: o.sigma, size: o.size })
              : o.method === 'large' ? removeLargeStripes(sino, { snr: o.snr, size: o.size })
                : o.method === 'dead' ? removeDeadStripes(sino, { snr: o.snr, size: o.size })
                  : removeStripesVo(sino, { snr: o.snr, laSize: o.laSize, smSize: o.smSize })
      )).data();
      let worst = 0;
      let changed = 0;
      for (let e = 0; e < out.length; e++) {
        worst = Math.max(worst, Math.abs(out[e] - stored[c.offset + e]));
        changed = Math.max(changed, Math.abs(out[e] - input[e]));
      }
      expect(worst).toBeLessThanOrEqual(2e-6);
      expect(changed).toBeGreaterThan(0.05); // the method did act on the injected stripes
    });
  }
});

/** Stripe metric: the spread (std) of the high-pass part (second difference) of the column means. */
function stripeMetric(x: ArrayLike<number>, nA: number, nD: number): number {
  const m = new Float64Array(nD);
  for (let r = 0; r < nA; r++) for (let c = 0; c < nD; c++) m[c] += x[r * nD + c] / nA;
  const h = Float64Array.from({ length: nD - 2 }, (_, c) => m[c + 1] - 0.5 * (m[c] + m[c + 2]));
  const mean = h.reduce((s, v) => s + v, 0) / h.length;
  return Math.sqrt(h.reduce((s, v) => s + (v - mean) ** 2, 0) / h.length);
}

describe('the real 360° neutron sinogram (459 x 503)', async () => {
  const { values, nA, nD } = await neutron();
  const sino = array(values, { shape: [nA, nD] });
  const before = stripeMetric(values, nA, nD);
  const methods = {
    munch: () => removeStripesMunch(sino),
    sorting: () => removeStripesSorting(sino),
    filtering: () => removeStripesFiltering(sino),
    vo: () => removeStripesVo(sino),
  };
  it('sorting gives the same on the pool (2 threads) as on one thread', async () => {
    setPoolSize(2);
    const pooled = await (await removeStripesSorting(sino)).data();
    setPoolSize(1);
    const single = await (await removeStripesSorting(sino)).data();
    setPoolSize(undefined);
    expect(Array.from(pooled)).toEqual(Array.from(single));
  });
  for (const [name, run] of Object.entries(methods)) {
    it(`${name}: the stripe metric drops at least 10x`, async () => {
      expect(before).toBeGreaterThan(0.03); // the data do have stripes
      const after = stripeMetric(await (await run()).data(), nA, nD);
      expect(after).toBeLessThan(before / 10);
    });
  }
});

describe('synthetic stripes on an exact phantom (360 angles x 512, transmission with 0.3% noise)', () => {
  // A large ellipse (the sample body) and four Gaussian blobs, projected exactly; transmission
  // T = exp(−p)·(1 + gain[c])·(1 + 0.003·noise), as a detector with column gain errors gives it.
  // Injected: six narrow stripes (gains −3% … +5%, one two columns wide), a 12-column band of +4%
  // in the background, and a dead column (T = 0.6 at every angle). Errors are measured in −ln T
  // against the noise-free p: per column, the mean over the angles (what a ring is).
  const nA = 360;
  const nD = 512;
  const angles = Float64Array.from({ length: nA }, (_, i) => (i * Math.PI) / nA);
  const body = ellipseSinogram([{ x: 5, y: -3, a: 210, b: 190, phi: 0.2, density: 0.0035 }], angles, nD, 255.5);
  const blobs = blobSinogram(BLOBS.map((b) => ({ x: b.x * 3, y: b.y * 3, sigma: b.sigma * 2, peak: b.peak / 3 })), angles, nD, 255.5);
  const clean = Float64Array.from(body, (v, i) => v + blobs[i]);
  const narrow = new Map([[20, 0.04], [130, -0.03], [160, 0.03], [250, 0.05], [251, 0.05], [330, 0.03]]);
  const band = Array.from({ length: 12 }, (_, k) => 470 + k);
  const dead = 200;
  let seed = 12345;
  const noise = () => {
    let s = -6;
    for (let k = 0; k < 12; k++) s += (seed = (seed * 16807) % 2147483647) / 2147483647;
    return s;
  };
  const T = new Float64Array(nA * nD);
  for (let r = 0; r < nA; r++) {
    for (let c = 0; c < nD; c++) {
      const gain = narrow.get(c) ?? (band.includes(c) ? 0.04 : 0);
      T[r * nD + c] = c === dead ? 0.6 : Math.exp(-clean[r * nD + c]) * (1 + gain) * (1 + 0.003 * noise());
    }
  }
  const P = Float64Array.from(T, (v) => -Math.log(v));
  const injected = new Set([...narrow.keys(), ...band, dead]);
  const rms = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
  const measure = (p: ArrayLike<number>) => {
    const residual = new Float64Array(nD);
    let restSq = 0;
    let restMax = 0;
    for (let r = 0; r < nA; r++) {
      for (let c = 0; c < nD; c++) {
        const e = p[r * nD + c] - clean[r * nD + c];
        residual[c] += e / nA;
        if (!injected.has(c)) {
          restSq += e * e;
          restMax = Math.max(restMax, Math.abs(e));
        }
      }
    }
    return {
      narrow: rms([...narrow.keys()].map((c) => residual[c])),
      band: rms(band.map((c) => residual[c])),
      dead: Math.abs(residual[dead]),
      restRms: Math.sqrt(restSq / (nA * (nD - injected.size))),
      restMax,
    };
  };
  const before = measure(P);
  const onT = (run: (x: ReturnType<typeof array>) => Promise<ReturnType<typeof array>>) => async () => Float64Array.from(await (await run(array(T, { shape: [nA, nD] }))).data(), (v) => -Math.log(v));
  const onP = (run: (x: ReturnType<typeof array>) => Promise<ReturnType<typeof array>>) => async () => (await run(array(P, { shape: [nA, nD] }))).data();
  // bounds: [narrow RMS, band RMS, dead, rest RMS, rest max]; Infinity where the method is not meant to act
  const cases: [string, () => Promise<ArrayLike<number>>, number[]][] = [
    ['sorting (21) on T', onT((x) => removeStripesSorting(x)), [0.01, Infinity, 0.015, 0.008, 0.07]],
    ['filtering (3, 21) on T', onT((x) => removeStripesFiltering(x)), [0.01, Infinity, 0.05, 0.008, 0.07]],
    ['vo all (3, 61, 21) on T', onT((x) => removeStripesVo(x)), [0.012, 0.005, 0.025, 0.02, 0.16]],
    ['munch (db5, level 4, sigma 2) on −ln T', onP((x) => removeStripesMunch(x, { level: 4 })), [0.01, Infinity, Infinity, 0.022, 0.14]],
  ];
  for (const [name, run, bounds] of cases) {
    it(name, async () => {
      const m = measure(await run());
      expect([before.narrow, before.band, before.dead]).toEqual([expect.closeTo(0.0387, 3), expect.closeTo(0.0392, 3), expect.closeTo(1.156, 2)]);
      const got = [m.narrow, m.band, m.dead, m.restRms, m.restMax];
      for (const [k, label] of ['narrow', 'band', 'dead', 'restRms', 'restMax'].entries()) expect(got[k], label).toBeLessThanOrEqual(bounds[k]);
    });
  }
});

describe('bad input', () => {
  const sino = array(new Float32Array(64), { shape: [8, 8] });
  it('names the argument and the value', async () => {
    await expect(removeStripesMunch(array(new Float32Array(8)))).rejects.toThrow(ShapeError);
    await expect(removeStripesMunch(sino, { wavelet: 0 })).rejects.toThrow(/options.wavelet must be an integer >= 1 and <= 20; got 0/);
    await expect(removeStripesMunch(sino, { sigma: -1 })).rejects.toThrow(/options.sigma/);
    await expect(removeStripesMunch(sino, { pad: 'yes' as never })).rejects.toThrow(/options.pad must be a boolean/);
    await expect(removeStripesSorting(sino, { size: 0 })).rejects.toThrow(/options.size must be an integer >= 1/);
    await expect(removeStripesFiltering(sino, { sigma: 0 })).rejects.toThrow(ArgumentError);
    await expect(removeLargeStripes(sino, { dropRatio: 0.9 })).rejects.toThrow(/options.dropRatio must be a finite number >= 0 and <= 0.8; got 0.9/);
    await expect(removeDeadStripes(sino, { snr: 0 })).rejects.toThrow(/options.snr/);
    await expect(removeStripesVo(sino, { laSize: 1.5 })).rejects.toThrow(/options.laSize/);
    await expect(removeStripesVo('x' as never)).rejects.toThrow(/sinogram must be an NdArray/);
  });
});
