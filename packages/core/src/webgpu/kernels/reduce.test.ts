import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../dtype.js';
import type { ReduceOp } from '../../kernel-names.js';
import type { NdArray } from '../../ndarray.js';
import { reduce } from '../../ops/reduce.js';
import { closeTestBackend, expectClose, onCpu, onGpu, openTestBackend, seeded, typed } from '../test-helpers.js';

beforeAll(openTestBackend);
afterAll(closeTestBackend);

/** The logical (row-major) values of a view grouped by output element, in reduced row-major order. */
function groups(values: ArrayLike<number>, shape: readonly number[], axes: number[]): number[][] {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outputs = kept.reduce((n, d) => n * shape[d], 1);
  const out: number[][] = Array.from({ length: outputs }, () => []);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((n, s) => n * s, 1));
  for (let i = 0; i < values.length; i++) {
    let o = 0;
    for (const d of kept) o = o * shape[d] + (Math.floor(i / strides[d]) % shape[d]);
    out[o].push(values[i]);
  }
  return out;
}

/** Reduction of one group in float64. */
function reference(op: ReduceOp, g: number[]): number {
  switch (op) {
    case 'sum': return g.reduce((s, v) => s + v, 0);
    case 'mean': return g.reduce((s, v) => s + v, 0) / g.length;
    case 'min':
    case 'max': {
      let m = op === 'min' ? Infinity : -Infinity;
      for (const v of g) m = op === 'min' ? Math.min(m, v) : Math.max(m, v); // NaN propagates
      return m;
    }
    case 'argmin':
    case 'argmax': {
      const nan = g.findIndex(Number.isNaN);
      if (nan >= 0) return nan;
      let best = 0;
      for (let i = 1; i < g.length; i++) if (op === 'argmin' ? g[i] < g[best] : g[i] > g[best]) best = i;
      return best;
    }
  }
}

const OPS: ReduceOp[] = ['sum', 'mean', 'min', 'max', 'argmin', 'argmax'];

async function check(x: NdArray, cpuView: NdArray, axes: number[]): Promise<void> {
  const grouped = groups(cpuView.dataSync() as TypedArray, cpuView.shape, axes);
  for (const op of OPS) {
    const result = await reduce(op, x, { axis: axes });
    const expected = grouped.map((g) => reference(op, g));
    // sums in compensated float32 match the float64 sum rounded to float32 within 2 ulp
    expectClose(await result.data(), expected, op === 'sum' || op === 'mean' ? { rtol: 2.4e-7, atol: 1e-30 } : {});
    result.dispose();
  }
}

describe('webgpu reduce', () => {
  it('over every axis set of a [4, 6, 5] float32 array (one thread per output, ties, NaN)', async () => {
    const random = seeded(11);
    const values = typed('float32', 120, () => Math.round(random() * 20) - 10); // many ties
    values[37] = NaN;
    const shape = [4, 6, 5];
    for (const axes of [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2], []]) {
      await check(onGpu(values, 'float32', shape), onCpu(values, 'float32', shape), axes);
    }
  });

  it('on integer dtypes (min/max keep the dtype, sums give float32)', async () => {
    for (const dtype of ['int32', 'uint32', 'int8', 'uint16', 'bool'] as DType[]) {
      const random = seeded(12);
      const values = typed(dtype, 60, () => Math.floor(random() * 2 ** 32) - 2 ** 31);
      const result = await reduce('max', onGpu(values, dtype, [6, 10]), { axis: 1 });
      expect(result.dtype).toBe(dtype);
      await check(onGpu(values, dtype, [6, 10]), onCpu(values, dtype, [6, 10]), [1]);
      await check(onGpu(values, dtype, [6, 10]), onCpu(values, dtype, [6, 10]), [0, 1]);
    }
  });

  it('splits long axes over workgroups (tree, then a second pass) and reads strided views', async () => {
    const random = seeded(13);
    const n = 3 * 70_001;
    const values = typed('float32', n, () => random() * 2 - 1);
    values[150_000] = 40; // the maximum, late in the array
    values[7] = -40;
    const cases: [NdArray, NdArray, number[]][] = [
      [onGpu(values, 'float32'), onCpu(values, 'float32'), [0]],
      [onGpu(values, 'float32', [3, 70_001]), onCpu(values, 'float32', [3, 70_001]), [1]],
      [onGpu(values, 'float32', [3, 70_001]).flip(1), onCpu(values, 'float32', [3, 70_001]).flip(1), [1]],
      [onGpu(values, 'float32', [70_001, 3]).transpose(), onCpu(values, 'float32', [70_001, 3]).transpose(), [1]],
      [onGpu(values, 'float32', [3, 70_001]).slice(null, [1, null, 7]), onCpu(values, 'float32', [3, 70_001]).slice(null, [1, null, 7]), [0, 1]],
      [onGpu(values.subarray(0, 210_000), 'float32', [3, 1000, 70]).slice(null, [0, 900]), onCpu(values.subarray(0, 210_000), 'float32', [3, 1000, 70]).slice(null, [0, 900]), [0, 2]],
    ];
    for (const [x, cpu, axes] of cases) await check(x, cpu, axes);
  });

  it('compensates float32 sums (a naive float32 sum would lose every small term)', async () => {
    const n = 1 << 20;
    const values = new Float32Array(n).fill(1);
    values[0] = 2 ** 25; // beside 2^25, adding 1 in float32 changes nothing
    values[n - 1] = -(2 ** 25);
    const total = await reduce('sum', onGpu(values, 'float32'));
    expect((await total.data())[0]).toBe(n - 2);
    const mean = await reduce('mean', onGpu(values, 'float32', [4, n / 4]), { axis: 1, keepDims: true });
    expect(mean.shape).toEqual([4, 1]);
    expectClose(await mean.data(), [(2 ** 25 + n / 4 - 1) / (n / 4), 1, 1, (n / 4 - 1 - 2 ** 25) / (n / 4)], { rtol: 1.2e-7 });
  });

  it('sum and mean of an empty axis give 0 and NaN', async () => {
    const empty = onGpu(new Float32Array(0), 'float32', [3, 0]);
    expectClose(await (await reduce('sum', empty, { axis: 1 })).data(), [0, 0, 0]);
    expectClose(await (await reduce('mean', empty, { axis: 1 })).data(), [NaN, NaN, NaN]);
  });
});
