import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import type { NdArray } from '../../ndarray.js';
import { fft, ifft } from '../../ops/fft.js';
import { lastPoolRun, setPoolSize } from '../pool.js';
import { LAYOUTS, logical, pick, randomValues, rng, view } from '../test-support.js';
import { fftPlan } from './fft-plan.js';

afterAll(async () => {
  setPoolSize(undefined);
  await shutdownBackends();
});

/** Every length up to 128 whose prime factors are 2, 3, 5 and 7, and some longer ones. */
const LENGTHS = [
  ...Array.from({ length: 128 }, (_, i) => i + 1).filter((n) => [2, 3, 5, 7].reduce((m, p) => { while (m % p === 0) m /= p; return m; }, n) === 1),
  210, 243, 256, 343, 625, 1000, 1024, 2401,
];

/** The naive DFT of each row, in float64: sum_j x_j exp(-+2*pi*i*j*k/n), 1/n for the inverse. */
function dft(re: number[], im: number[], n: number, inverse: boolean): { re: number[]; im: number[]; scale: number[] } {
  const out = { re: [] as number[], im: [] as number[], scale: [] as number[] };
  const sign = inverse ? 1 : -1;
  for (let base = 0; base < re.length; base += n) {
    let abs = 0;
    for (let j = 0; j < n; j++) abs += Math.hypot(re[base + j], im[base + j]);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        sr += re[base + j] * c - im[base + j] * s;
        si += re[base + j] * s + im[base + j] * c;
      }
      out.re.push(inverse ? sr / n : sr);
      out.im.push(inverse ? si / n : si);
      out.scale.push(inverse ? abs / n : abs);
    }
  }
  return out;
}

/**
 * Each output within `tol` times its row's sum of |x| of the naive DFT: float64 1e-13 (about
 * log2(n) roundings in a fast transform against n in the DFT), float32 2e-7 (one float32 rounding
 * of the output, 2^-24, and the same float64 error).
 */
function expectDft(got: { re: NdArray; im: NdArray }, want: ReturnType<typeof dft>, label: string): void {
  const tol = got.re.dtype === 'float64' ? 1e-13 : 2e-7;
  const [gr, gi] = [logical(got.re), logical(got.im)];
  let worst = 0;
  gr.forEach((_, i) => {
    worst = Math.max(worst, Math.abs(gr[i] - want.re[i]) / want.scale[i], Math.abs(gi[i] - want.im[i]) / want.scale[i]);
  });
  expect(worst, label).toBeLessThanOrEqual(tol);
}

describe('cpu fft', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: every 7-smooth length to 128 and longer ones, forward and inverse, any layout, as a naive DFT`, async () => {
      const random = rng(dtype === 'float64' ? 71 : 72);
      for (const n of LENGTHS) {
        const batch = n > 300 ? [1] : [[], [2], [2, 3]][Math.floor(random() * 3)];
        const shape = [...batch, n];
        const size = shape.reduce((p, d) => p * d, 1);
        const reValues = randomValues(dtype, size, random, false);
        const imValues = randomValues(dtype, size, random, false);
        const re = view(dtype, shape, reValues, pick(LAYOUTS, random));
        const im = view(dtype, shape, imValues, pick(LAYOUTS, random));
        const real = random() < 0.3;
        expectDft(await fft(re, real ? undefined : im), dft(reValues, real ? new Array<number>(size).fill(0) : imValues, n, false), `fft ${dtype} ${JSON.stringify(shape)}`);
        expectDft(await ifft(re, im), dft(reValues, imValues, n, true), `ifft ${dtype} ${JSON.stringify(shape)}`);
      }
    });
  }

  it('inverts its own transform and returns empty batches empty', async () => {
    const random = rng(73);
    const values = randomValues('float64', 4 * 360, random, false);
    const x = view('float64', [4, 360], values, 'transposed');
    const spectrum = await fft(x);
    const back = await ifft(spectrum.re, spectrum.im);
    // within 1e-14 of the largest |x| (a few roundings per stage, float64)
    const largest = Math.max(...values.map(Math.abs));
    const worst = logical(back.re).reduce((w, v, i) => Math.max(w, Math.abs(v - values[i])), 0);
    expect(worst / largest).toBeLessThan(1e-14);
    expect(Math.max(...logical(back.im).map(Math.abs)) / largest).toBeLessThan(1e-14);
    const empty = await fft(view('float32', [0, 8], [], 'contiguous'));
    expect(empty.re.shape).toEqual([0, 8]);
    expect(empty.im.shape).toEqual([0, 8]);
  });

  it('caches one plan per length', () => {
    expect(fftPlan(60)).toBe(fftPlan(60));
    expect(Array.from(fftPlan(60).radices)).toEqual([4, 3, 5]);
    expect(Array.from(fftPlan(98).radices)).toEqual([2, 7, 7]);
  });

  it('splits large batches over more than one worker, with the same bits as one thread', async () => {
    const random = rng(79);
    const shape = [300, 240];
    const re = view('float32', shape, randomValues('float32', 72000, random, false), 'contiguous', true);
    const im = view('float32', shape, randomValues('float32', 72000, random, false), 'contiguous', true);
    setPoolSize(1);
    const single = await fft(re, im);
    setPoolSize(2);
    const pooled = await fft(re, im);
    expect(lastPoolRun().workers).toBe(2);
    for (const part of ['re', 'im'] as const) {
      const [a, b] = [logical(single[part]), logical(pooled[part])];
      expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
    }
  });
});
