import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES, type DType } from '../../dtype.js';
import type { NdArray } from '../../ndarray.js';
import { cumsum } from '../../ops/cumsum.js';
import { broadcastView, LAYOUTS, logical, mismatch, pick, randomShape, randomValues, rng, stored, view } from '../test-support.js';

afterAll(() => shutdownBackends());

/** The documented output dtype: floats kept, signed integers to int32, unsigned and bool to uint32. */
function outDtype(dtype: DType): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  return dtype.startsWith('int') ? 'int32' : 'uint32';
}

/** Running sums along `axis`, line by line, in float64 (exact for these small integer lines), each stored. */
function oracle(x: NdArray, axis: number, exclusive: boolean): number[] {
  const values = logical(x);
  const out = new Array<number>(values.length);
  const n = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = values.length / Math.max(1, n * inner);
  const dtype = outDtype(x.dtype);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const at = (o * n + i) * inner + k;
        if (exclusive) out[at] = stored(dtype, sum);
        sum += values[at];
        if (!exclusive) out[at] = stored(dtype, sum);
      }
    }
  }
  return out;
}

describe('cpu cumsum', () => {
  it('scans every dtype along every axis, inclusive and exclusive, in every layout, as a naive loop does', async () => {
    const random = rng(51);
    for (const dtype of DTYPES) {
      for (let trial = 0; trial < 10; trial++) {
        const shape = randomShape(1 + Math.floor(random() * 3), 5, random, 0.05);
        const x = view(dtype, shape, randomValues(dtype, shape.reduce((p, d) => p * d, 1), random), pick(LAYOUTS, random));
        const axis = Math.floor(random() * shape.length);
        const exclusive = random() < 0.5;
        const got = await cumsum(x, { axis, exclusive });
        expect(got.dtype).toBe(outDtype(dtype));
        expect(got.shape).toEqual(shape);
        expect(mismatch(logical(got), oracle(x, axis, exclusive)), `${dtype}${JSON.stringify(shape)} axis ${axis} exclusive ${exclusive}`).toBeUndefined();
      }
      const { x } = broadcastView(dtype, [3, 4, 2], [false, true, false], random);
      expect(mismatch(logical(await cumsum(x, { axis: 1 })), oracle(x, 1, false))).toBeUndefined();
    }
  });

  it('keeps length-1 scan axes and scans axes of length 1 between others', async () => {
    const x = view('float64', [2, 1, 3], [1, 2, 3, 4, 5, 6], 'contiguous');
    expect(logical(await cumsum(x, { axis: 1 }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(logical(await cumsum(x, { axis: 1, exclusive: true }))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(logical(await cumsum(x, { axis: 2 }))).toEqual([1, 3, 6, 4, 9, 15]);
  });

  it('wraps 32-bit sums at every step, past where a float64 sum loses bits', async () => {
    const n = 3_000_000; // n * (2^32 - 1) > 2^53
    const x = view('uint32', [n], new Array<number>(n).fill(2 ** 32 - 1), 'contiguous');
    const got = (await cumsum(x)).dataSync();
    // (i + 1) * (2^32 - 1) mod 2^32 = 2^32 - (i + 1)
    const bad = [0, 1, n - 2, n - 1, 2_500_000].find((i) => got[i] !== 2 ** 32 - (i + 1));
    expect(bad).toBeUndefined();
  });
});
