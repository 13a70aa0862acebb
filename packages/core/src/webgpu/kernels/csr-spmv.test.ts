import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DType } from '../../dtype.js';
import { csrSpmv } from '../../ops/sparse.js';
import { closeTestBackend, expectClose, onGpu, openTestBackend, seeded, typed } from '../test-helpers.js';

beforeAll(openTestBackend);
afterAll(closeTestBackend);

interface Csr {
  indptr: number[];
  indices: number[];
  weights: Float32Array;
}

/** A random CSR matrix of `rows` rows with 0 .. 2 * `average` stored elements each. */
function randomCsr(rows: number, columns: number, average: number, seed: number): Csr {
  const random = seeded(seed);
  const indptr = [0];
  const indices: number[] = [];
  for (let r = 0; r < rows; r++) {
    const count = Math.floor(random() * 2 * average);
    for (let k = 0; k < count; k++) indices.push(Math.floor(random() * columns));
    indptr.push(indices.length);
  }
  return { indptr, indices, weights: typed('float32', indices.length, () => random() * 2) as Float32Array };
}

function reference(m: Csr, x: Float32Array, channels: number, powers: number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r + 1 < m.indptr.length; r++) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let j = m.indptr[r]; j < m.indptr[r + 1]; j++) sum += m.weights[j] ** powers[c] * x[m.indices[j] * channels + c];
      out.push(sum);
    }
  }
  return out;
}

describe('webgpu csrSpmv', () => {
  const cases: [string, number, number, number[], DType][] = [
    ['short rows (64-thread workgroups), 3 channels, powers 1, 2, 0', 300, 20, [1, 2, 0], 'int32'],
    ['long rows (full workgroups), 5 channels as pyFAI sums them', 12, 1500, [1, 2, 1, 2, 0], 'uint32'],
    ['one channel', 50, 40, [1], 'int32'],
  ];
  for (const [name, rows, average, powers, indexType] of cases) {
    it(name, async () => {
      const columns = 2000;
      const channels = powers.length;
      const m = randomCsr(rows, columns, average, rows);
      const random = seeded(7);
      const x = typed('float32', columns * channels, () => random() * 100) as Float32Array;
      const matrix = { indptr: onGpu(m.indptr, indexType), indices: onGpu(m.indices, indexType), weights: onGpu(m.weights, 'float32') };
      const gx = channels === 1 ? onGpu(x, 'float32') : onGpu(x, 'float32', [columns, channels]);
      const result = await csrSpmv(matrix, gx, { powers });
      // compensated float32 sums of float32 products: within 2e-6 of the float64 sums
      expectClose(await result.data(), reference(m, x, channels, powers), { rtol: 2e-6, atol: 1e-4 });
    });
  }

  it('reads offset views of the matrix and a strided x', async () => {
    const m = randomCsr(40, 500, 30, 3);
    const random = seeded(8);
    const padded = typed('float32', 2 * 500 * 2, () => random()) as Float32Array;
    const xView = onGpu(padded, 'float32', [2, 500, 2]).slice(1); // offset 1000: [500, 2]
    const x = padded.subarray(1000);
    const pad = (values: ArrayLike<number>, dtype: DType) => onGpu([5, 5, 5, ...Array.from(values)], dtype).slice([3, null]);
    const matrix = { indptr: pad(m.indptr, 'int32'), indices: pad(m.indices, 'int32'), weights: pad(m.weights, 'float32') };
    const result = await csrSpmv(matrix, xView, { powers: [1, 1] });
    expectClose(await result.data(), reference(m, x, 2, [1, 1]), { rtol: 2e-6, atol: 1e-5 });
    const transposed = onGpu(x, 'float32', [2, 500]).transpose(); // strided [500, 2]: copied first
    const swapped = Float32Array.from({ length: 1000 }, (_, i) => x[(i % 2) * 500 + Math.floor(i / 2)]);
    const viaCopy = await csrSpmv(matrix, transposed, { powers: [2, 0] });
    expectClose(await viaCopy.data(), reference(m, swapped, 2, [2, 0]), { rtol: 2e-6, atol: 1e-5 });
  });
});
