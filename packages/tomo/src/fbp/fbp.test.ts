import { array, availableBackends, isPandaasError, shutdownBackends, type NdArray } from '@pandaas/core';
import { openH5 } from '@pandaas/io-nexus';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../core/src/testing/shared-data.js';
import { FILTER_NAMES } from '../filters/filter-response.js';
import { fbp } from './fbp.js';
import { FbpPlan } from './fbp-plan.js';
import { fbpFixture, maxAbsDiff, radians, readStored, type StoredArray } from './testing/fixtures.js';

// .ci/run and the Linux CI leg set PANDAAS_REQUIRE_WEBGPU=1 (llvmpipe): there the WebGPU test must
// run, and a missing adapter fails it. Elsewhere, without an adapter, it checks the BackendError.
const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
const gpuHere = required || (await availableBackends()).includes('webgpu');

afterAll(shutdownBackends);

const fixture = fbpFixture();
const phantom = fixture.phantom;
const sinogram = readStored(phantom.sinogram); // [180 angles, 363 detector pixels]
const [nAngles, nDet] = phantom.sinogram.shape;
const angles = radians(phantom.theta_degrees);

/** The phantom's sinogram cut to detector pixels [first, first + width). */
function truncate(first: number, width: number): Float32Array {
  const out = new Float32Array(nAngles * width);
  for (let a = 0; a < nAngles; a++) out.set(sinogram.subarray(a * nDet + first, a * nDet + first + width), a * width);
  return out;
}

function range(stored: StoredArray): number {
  return (stored.max as number) - (stored.min as number);
}

/** Pearson correlation of two images. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

async function reconstruct(values: Float32Array, options: Parameters<typeof FbpPlan.create>[2], at = angles, width = nDet): Promise<Float32Array> {
  const plan = await FbpPlan.create(at, width, options);
  try {
    return (await plan.reconstruct(values)) as Float32Array;
  } finally {
    plan.dispose();
  }
}

describe('FBP against scikit-image 0.19 iradon (Shepp-Logan 256, 180 angles, circle=False, float64)', () => {
  for (const filter of FILTER_NAMES) {
    it(`${filter}: max |diff| <= 1e-5 of the image range`, async () => {
      const ref = phantom.iradon[filter];
      const ours = await reconstruct(sinogram, { center: 'skimage', filter });
      expect(ours.length).toBe(256 * 256);
      expect(maxAbsDiff(ours, readStored(ref))).toBeLessThanOrEqual(1e-5 * range(ref));
    });
  }

  it('on a truncated sinogram (local tomography), zero padding as scikit-image, within 1e-5 of the range', async () => {
    const { first, width, zero_ramp: ref } = phantom.truncated;
    const ours = await reconstruct(truncate(first, width), { center: 'skimage' }, angles, width);
    expect(maxAbsDiff(ours, readStored(ref))).toBeLessThanOrEqual(1e-5 * range(ref));
  });

  for (const filter of ['ramp', 'hann'] as const) {
    it(`${filter}, edge padding, truncated sinogram: within 1e-5 of the range of numpy.pad(mode='edge') + skimage's filter and backprojection`, async () => {
      const { first, width, zero_ramp: zero } = phantom.truncated;
      const ref = phantom.edge[filter];
      const ours = await reconstruct(truncate(first, width), { center: 'skimage', filter, padding: 'edge' }, angles, width);
      expect(maxAbsDiff(ours, readStored(ref))).toBeLessThanOrEqual(1e-5 * range(ref));
      // the padding matters here: the truncated rows do not end at zero
      expect(maxAbsDiff(ours, readStored(zero))).toBeGreaterThan(0.1 * range(zero));
    });
  }
});

describe('orientation and conventions', () => {
  it("puts skimage's asymmetric phantom the right way up and round (its antisymmetric parts correlate with the image's, not their opposites)", async () => {
    const image = readStored(phantom.image);
    const ours = await reconstruct(sinogram, { center: 'skimage' });
    const n = 256;
    expect(correlation(ours, image)).toBeGreaterThan(0.95);
    // for each mirror M (up-down, left-right, transpose), a flipped result would give f − M f = −(g − M g)
    const mirrors = [(y: number, x: number) => (n - 1 - y) * n + x, (y: number, x: number) => y * n + (n - 1 - x), (y: number, x: number) => x * n + y];
    for (const mirror of mirrors) {
      const odd = (img: Float32Array) => Float32Array.from(img, (v, k) => v - img[mirror(Math.floor(k / n), k % n)]);
      expect(correlation(odd(ours), odd(image))).toBeGreaterThan(0.8);
    }
  });

  it('θ and θ + 180° give the same image (the projection at θ + 180° is the one at θ reversed about the axis)', async () => {
    // with the axis at (nDet - 1) / 2, reversing a row mirrors it about the axis
    const reversed = new Float32Array(sinogram.length);
    for (let a = 0; a < nAngles; a++) for (let k = 0; k < nDet; k++) reversed[a * nDet + k] = sinogram[a * nDet + nDet - 1 - k];
    const direct = await reconstruct(sinogram, { center: 'astra' });
    const opposite = await reconstruct(reversed, { center: 'astra' }, angles.map((t) => t + Math.PI));
    const ref = phantom.iradon.ramp;
    expect(maxAbsDiff(direct, opposite)).toBeLessThanOrEqual(1e-5 * range(ref));
  });

  it("a disk sampled with the axis at N/2 is centred with 'skimage', one sampled at (N - 1)/2 with 'astra'; crossed, it moves 2/π px", async () => {
    // analytic sinogram of a disk of radius 6 centred (X, Y) = (5, -7) px from the axis (y down):
    // 2·sqrt(r² − (u − X cos θ + Y sin θ)²) at detector offset u from the axis
    const width = 64;
    const size = 45; // odd: both conventions put the image centre at pixel 22
    const at = Array.from({ length: 90 }, (_, i) => (i * Math.PI) / 90);
    const disk = (axis: number) =>
      Float32Array.from({ length: at.length * width }, (_, k) => {
        const theta = at[Math.floor(k / width)];
        const u = (k % width) - axis - (5 * Math.cos(theta) - -7 * Math.sin(theta));
        return u * u < 36 ? 2 * Math.sqrt(36 - u * u) : 0;
      });
    const centroid = (img: Float32Array) => {
      let m = 0;
      let mx = 0;
      let my = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const v = img[y * size + x];
          if (v < 0.5 || Math.hypot(x - 27, y - 15) > 9) continue; // the disk, not the artefacts
          m += v;
          mx += v * x;
          my += v * y;
        }
      }
      return [mx / m, my / m];
    };
    const skimageSampled = disk(width / 2);
    const astraSampled = disk((width - 1) / 2);
    const [sx, sy] = centroid(await reconstruct(skimageSampled, { center: 'skimage', size }, at, width));
    const [ax, ay] = centroid(await reconstruct(astraSampled, { center: 'astra', size }, at, width));
    for (const [x, y] of [[sx, sy], [ax, ay]]) {
      expect(Math.abs(x - 27)).toBeLessThan(0.05); // 22 + 5
      expect(Math.abs(y - 15)).toBeLessThan(0.05); // 22 - 7
    }
    // crossed, the axis is 0.5 px off: every projection lands 0.5 px along its normal (cos θ, −sin θ);
    // the translation d whose projections d·(cos θ, −sin θ) fit a constant 0.5 best over [0, π) is
    // (0, −2/π), and FBP being linear, the disk's centroid moves by that
    const [cx, cy] = centroid(await reconstruct(skimageSampled, { center: 'astra', size }, at, width));
    expect(Math.abs(cx - 27)).toBeLessThan(0.05);
    expect(Math.abs(cy - (15 - 2 / Math.PI))).toBeLessThan(0.05);
  });
});

describe('real projections: tooth.h5 (Data Exchange, 181 angles over 180°, 640 px), row 0, axis at 296 px', () => {
  it('-log(flat/dark) sinogram reconstructed with ramp equals scikit-image on the same sinogram, within 1e-5 of the range', async () => {
    const tooth = fixture.tooth;
    const file = await openH5(sharedData('tomography', 'tooth.h5'));
    const read = async (path: string) => (await (await file.dataset(path)).read([null, tooth.row])).data() as Promise<Float32Array>;
    const proj = await read('/exchange/data');
    const white = await read('/exchange/data_white');
    const dark = await read('/exchange/data_dark');
    const theta = (await (await file.dataset('/exchange/theta')).read()).dataSync() as Float64Array;
    await file.close();
    const width = 640;
    const mean = (frames: Float32Array, k: number) => {
      let sum = 0;
      const count = frames.length / width;
      for (let f = 0; f < count; f++) sum += frames[f * width + k];
      return sum / count;
    };
    const flat = Float64Array.from({ length: width }, (_, k) => mean(white, k));
    const darkMean = Float64Array.from({ length: width }, (_, k) => mean(dark, k));
    // p = -ln((P - D) / (F - D)): the simple flat/dark reduction the fixture script also applies
    const sino = Float32Array.from(proj, (v, k) => -Math.log((v - darkMean[k % width]) / (flat[k % width] - darkMean[k % width])));
    let sum = 0;
    for (const v of sino) sum += v;
    expect(Math.abs(sum - tooth.sinogram_checks.sum)).toBeLessThan(1e-6 * Math.abs(tooth.sinogram_checks.sum));
    expect(Array.from(sino.subarray(0, 8))).toEqual(tooth.sinogram_checks.first_row.map(Math.fround));
    const ours = await reconstruct(sino, { center: tooth.center, size: tooth.size }, radians(Array.from(theta)), width);
    const ref = tooth.iradon;
    expect(maxAbsDiff(ours, readStored(ref))).toBeLessThanOrEqual(1e-5 * range(ref));
    // and the axis is right: one pixel off, the tooth's edges blur and the image differs far more
    const shifted = await reconstruct(sino, { center: tooth.center + 1, size: tooth.size }, radians(Array.from(theta)), width);
    expect(maxAbsDiff(shifted, readStored(ref))).toBeGreaterThan(0.05 * range(ref));
  });
});

describe('FbpPlan and fbp', () => {
  const small = (): { at: number[]; sino: Float32Array; width: number } => {
    const width = 48;
    const at = Array.from({ length: 30 }, (_, i) => (i * Math.PI) / 30);
    const sino = Float32Array.from({ length: 3 * 30 * width }, (_, k) => Math.sin(k * 0.013) + (Math.floor(k / (30 * width)) + 1) * Math.exp(-(((k % width) - 20) ** 2) / 30));
    return { at, sino, width };
  };

  it('reconstructs a batch as it reconstructs each slice alone, for Float32Array and NdArray (float32, float64) batches', async () => {
    const { at, sino, width } = small();
    const plan = await FbpPlan.create(at, width, { filter: 'cosine', circle: true });
    const size = plan.geometry.size;
    expect(size).toBe(width);
    const batch = (await plan.reconstruct(sino)) as Float32Array;
    expect(batch.length).toBe(3 * size * size);
    for (let s = 0; s < 3; s++) {
      const alone = (await plan.reconstruct(sino.slice(s * 30 * width, (s + 1) * 30 * width))) as Float32Array;
      expect(Array.from(batch.subarray(s * size * size, (s + 1) * size * size))).toEqual(Array.from(alone));
    }
    const nd = (await plan.reconstruct(array(sino, { shape: [3, 30, width] }))) as NdArray;
    expect(nd.shape).toEqual([3, size, size]);
    expect(nd.dtype).toBe('float32');
    expect(Array.from(nd.dataSync())).toEqual(Array.from(batch));
    const one = (await plan.reconstruct(array(Float64Array.from(sino.subarray(0, 30 * width)), { shape: [30, width] }))) as NdArray;
    expect(one.shape).toEqual([size, size]);
    expect(Array.from(one.dataSync())).toEqual(Array.from(batch.subarray(0, size * size)));
    plan.dispose();
    const disposed = await plan.reconstruct(sino).catch((e: unknown) => e);
    expect(isPandaasError(disposed, 'E_DISPOSED')).toBe(true);
  });

  it("fbp() defaults to nAngles angles over [0, π) (scikit-image's default) and matches scikit-image", async () => {
    const image = await fbp(array(sinogram, { shape: [nAngles, nDet] }), { center: 'skimage', filter: 'shepp-logan' });
    expect(image.shape).toEqual([256, 256]);
    const ref = phantom.iradon['shepp-logan'];
    expect(maxAbsDiff(image.dataSync(), readStored(ref))).toBeLessThanOrEqual(1e-5 * range(ref));
  });

  it('names bad arguments and options with their values', async () => {
    const { at, sino, width } = small();
    const errors: [Promise<unknown>, string, RegExp][] = [
      [FbpPlan.create(at, width, { filter: 'ram' as 'ramp' }), 'E_ARGUMENT', /options.filter must be one of .*; got "ram"/],
      [FbpPlan.create(at, width, { padding: 'wrap' as 'zero' }), 'E_ARGUMENT', /options.padding must be one of "zero", "edge"; got "wrap"/],
      [FbpPlan.create(at, width, { backend: 'gpu' as 'cpu' }), 'E_ARGUMENT', /options.backend must be one of "cpu", "webgpu"; got "gpu"/],
      [FbpPlan.create(at, width, { center: -1 }), 'E_RANGE', /options.center must lie on the detector, in \[0, 47\]; got -1/],
      [FbpPlan.create(at, width, { size: 2.5 }), 'E_ARGUMENT', /options.size must be a positive integer; got 2.5/],
      [fbp(array(sinogram, { shape: [nAngles, nDet] }), { angles: [0, 1] }), 'E_SHAPE', /options.angles must hold one angle per sinogram row \(180\); got 2/],
      [fbp(array(new Float32Array(4))), 'E_SHAPE', /sinogram must have the shape \[nAngles, nDet\] or \[nSlices, nAngles, nDet\]; got \[4\]/],
      [fbp(sino as unknown as NdArray), 'E_ARGUMENT', /sinogram must be an NdArray/],
    ];
    const plan = await FbpPlan.create(at, width);
    errors.push(
      [plan.reconstruct(sino.subarray(1)), 'E_SHAPE', /batch must hold whole sinograms of nAngles x nDet = 30 x 48 values; got 4319 values/],
      [plan.reconstruct(array(sino, { shape: [3, 30 * width] })), 'E_SHAPE', /batch must have the shape \[nAngles, nDet\] = \[30, 48\] or \[nSlices, 30, 48\]; got \[3, 1440\]/],
      [plan.reconstruct(array(new Int32Array(30 * width), { shape: [30, width] })), 'E_DTYPE', /batch must be float32 or float64; got int32/],
      [plan.reconstruct([1, 2] as unknown as Float32Array), 'E_ARGUMENT', /batch must be an NdArray or a Float32Array; got \[1, 2\]/],
    );
    for (const [promise, code, message] of errors) {
      const err = await promise.then(() => undefined, (e: unknown) => e);
      expect(isPandaasError(err, code as 'E_SHAPE'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
    plan.dispose();
  });

  it('on WebGPU gives the CPU result within 2e-5 of the range (float32 filter and sums), both paddings', async () => {
    const { at, sino, width } = small();
    for (const padding of ['zero', 'edge'] as const) {
      const made = FbpPlan.create(at, width, { filter: 'hamming', padding, center: 23.2, backend: 'webgpu' });
      if (!gpuHere) {
        const failure = await made.catch((e: unknown) => e);
        expect(isPandaasError(failure, 'E_BACKEND')).toBe(true);
        expect((failure as Error).message).toMatch(/^options.backend asks for "webgpu": .*; use backend "cpu"$/s);
        return;
      }
      const gpu = await made;
      expect(gpu.backend).toBe('webgpu');
      const got = (await gpu.reconstruct(sino)) as Float32Array;
      gpu.dispose();
      const expected = await reconstruct(sino, { filter: 'hamming', padding, center: 23.2 }, at, width);
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of expected) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      expect(maxAbsDiff(got, expected)).toBeLessThanOrEqual(2e-5 * (hi - lo));
    }
  });
});
