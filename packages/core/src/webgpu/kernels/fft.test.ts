import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { array } from '../../create.js';
import { fft, ifft } from '../../ops/fft.js';
import { createWebGpuBackend } from '../index.js';
import { closeTestBackend, expectClose, onGpu, openTestBackend, seeded, typed } from '../test-helpers.js';
import { radices } from '../../ops/fft.js';

beforeAll(openTestBackend);
afterAll(closeTestBackend);

/** Naive DFT of each row of length n, in float64. */
function dft(re: ArrayLike<number>, im: ArrayLike<number> | undefined, n: number, inverse: boolean): { re: number[]; im: number[] } {
  const out = { re: [] as number[], im: [] as number[] };
  const sign = inverse ? 1 : -1;
  for (let row = 0; row < re.length / n; row++) {
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
        const xr = re[row * n + j];
        const xi = im ? im[row * n + j] : 0;
        sr += xr * Math.cos(a) - xi * Math.sin(a);
        si += xr * Math.sin(a) + xi * Math.cos(a);
      }
      out.re.push(inverse ? sr / n : sr);
      out.im.push(inverse ? si / n : si);
    }
  }
  return out;
}

describe('webgpu fft', () => {
  it('plans radix-4 passes first, then 2, 3, 5 and 7', () => {
    expect(radices(360)).toEqual([4, 2, 3, 3, 5]);
    expect(radices(1)).toEqual([]);
    expect(radices(2 * 7 * 7)).toEqual([2, 7, 7]);
  });

  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 12, 25, 30, 49, 64, 105, 210, 360, 1000]) {
    it(`length ${n}, batched, forward and inverse, against a float64 DFT`, async () => {
      const rows = 3;
      const random = seeded(n);
      const re = typed('float32', rows * n, () => random() * 2 - 1);
      const im = typed('float32', rows * n, () => random() * 2 - 1);
      const forward = await fft(onGpu(re, 'float32', [rows, n]), onGpu(im, 'float32', [rows, n]));
      const expected = dft(re, im, n, false);
      // float32 Stockham: error ~ eps * log2(n) * |x|; the entries here are O(sqrt(n))
      const atol = 3e-7 * Math.sqrt(n) * Math.max(1, Math.log2(n));
      expectClose(await forward.re.data(), expected.re, { atol });
      expectClose(await forward.im.data(), expected.im, { atol });
      const back = await ifft(forward.re, forward.im);
      expectClose(await back.re.data(), re, { atol: 5e-7 * Math.max(1, Math.log2(n)) });
      expectClose(await back.im.data(), im, { atol: 5e-7 * Math.max(1, Math.log2(n)) });
    });
  }

  it('real input (no im) and a strided batch view', async () => {
    const n = 60;
    const random = seeded(5);
    const re = typed('float32', 4 * n, () => random());
    const result = await fft(onGpu(re, 'float32', [4, n]).slice([null, null, 2]));
    const rows = Float32Array.from({ length: 2 * n }, (_, i) => re[(Math.floor(i / n) * 2) * n + (i % n)]);
    const expected = dft(rows, undefined, n, false);
    expectClose(await result.re.data(), expected.re, { atol: 1e-5 });
    expectClose(await result.im.data(), expected.im, { atol: 1e-5 });
  });

  it('splits batches larger than a storage binding into chunks of rows (binding lowered to 4 KiB)', async () => {
    const small = await createWebGpuBackend({ maxBindingBytes: 4096, validate: true });
    try {
      const n = 30; // 240 bytes of complex values per row: 17 rows per chunk, 2 chunks
      const rows = 30; // 3600 bytes of float32 input: fits one binding
      const random = seeded(9);
      const re = typed('float32', rows * n, () => random() - 0.5);
      const result = await fft(array(re, { shape: [rows, n], backend: small }));
      const expected = dft(re, undefined, n, false);
      expectClose(await result.re.data(), expected.re, { atol: 1e-5 });
      expectClose(await result.im.data(), expected.im, { atol: 1e-5 });
      expect(() => array(new Float32Array(1025), { backend: small })).toThrow(/largest storage binding \(4096 bytes\)/);
    } finally {
      await small.shutdown();
    }
  });
});
