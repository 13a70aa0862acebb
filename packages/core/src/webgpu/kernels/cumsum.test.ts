import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../dtype.js';
import { cumsum } from '../../ops/cumsum.js';
import { closeTestBackend, expectClose, onCpu, onGpu, openTestBackend, seeded, typed } from '../test-helpers.js';

beforeAll(openTestBackend);
afterAll(closeTestBackend);

/** Prefix sums along `axis` of row-major `values`, in float64, stored as `out` stores them. */
function reference(values: ArrayLike<number>, shape: number[], axis: number, exclusive: boolean, out: DType): TypedArray {
  const inner = shape.slice(axis + 1).reduce((n, s) => n * s, 1);
  const length = shape[axis];
  const result = typed(out, values.length, () => 0);
  for (let o = 0; o < values.length / (length * inner); o++) {
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      for (let k = 0; k < length; k++) {
        const at = (o * length + k) * inner + i;
        if (exclusive) result[at] = sum;
        sum += values[at];
        if (!exclusive) result[at] = sum;
        if (out === 'int32') sum |= 0; // 32-bit integers wrap as they go
        if (out === 'uint32') sum >>>= 0;
      }
    }
  }
  return result;
}

describe('webgpu cumsum', () => {
  it('along every axis, inclusive and exclusive, of a [3, 4, 5] float32 array', async () => {
    const random = seeded(21);
    const values = typed('float32', 60, () => random() * 10 - 5);
    for (const axis of [0, 1, 2]) {
      for (const exclusive of [false, true]) {
        const result = await cumsum(onGpu(values, 'float32', [3, 4, 5]), { axis, exclusive });
        expect(result.shape).toEqual([3, 4, 5]);
        // compensated float32 prefix sums: within 1 ulp of the float64 ones (plus a tiny floor near 0)
        expectClose(await result.data(), reference(values, [3, 4, 5], axis, exclusive, 'float32'), { rtol: 1.2e-7, atol: 1e-6 });
      }
    }
  });

  it('widens narrow integers and wraps 32-bit ones as typed arrays do', async () => {
    const cases: [DType, DType][] = [['int8', 'int32'], ['uint8', 'uint32'], ['bool', 'uint32'], ['int16', 'int32'], ['uint16', 'uint32'], ['int32', 'int32'], ['uint32', 'uint32']];
    for (const [dtype, out] of cases) {
      const random = seeded(22);
      const values = typed(dtype, 2 * 3000, () => (dtype === 'bool' ? Number(random() < 0.5) : Math.floor(random() * 2 ** 32)));
      const result = await cumsum(onGpu(values, dtype, [2, 3000]), { exclusive: dtype === 'int32' });
      expect(result.dtype).toBe(out);
      expectClose(await result.data(), reference(values, [2, 3000], 1, dtype === 'int32', out));
    }
  });

  it('scans long rows through block totals at two levels, and strided views', async () => {
    const n = 1_100_000; // 1075 blocks of 1024, whose totals need a second level
    const ones = new Float32Array(n).fill(1);
    const result = await cumsum(onGpu(ones, 'float32'), { exclusive: true });
    const data = await result.data();
    // every prefix is an integer below 2^24: exact
    expectClose(data, Float32Array.from({ length: n }, (_, i) => i));

    const random = seeded(23);
    const values = typed('int32', 6 * 5000, () => Math.floor(random() * 2000) - 1000);
    const view = (x: ReturnType<typeof onCpu>) => x.transpose().slice([null, null, -1]);
    const gpu = await cumsum(view(onGpu(values, 'int32', [6, 5000])), { axis: 0 });
    const cpu = view(onCpu(values, 'int32', [6, 5000]));
    expectClose(await gpu.data(), reference(cpu.dataSync(), [5000, 6], 0, false, 'int32'));
  });

  it('keeps float32 prefix sums accurate where a float32 running sum drifts', async () => {
    const n = 200_000;
    const values = new Float32Array(n).fill(0.1);
    const result = await cumsum(onGpu(values, 'float32'));
    const data = await result.data();
    const exact = reference(values, [n], 0, false, 'float32');
    // a naive float32 running sum of 0.1 is off by ~1e-3 relative at 2e5 terms; this stays within 1 ulp
    expectClose(data, exact, { rtol: 1.2e-7 });
  });
});
