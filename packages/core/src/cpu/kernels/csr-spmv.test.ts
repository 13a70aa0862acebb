import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import type { DType } from '../../dtype.js';
import type { NdArray } from '../../ndarray.js';
import { csrSpmv } from '../../ops/sparse.js';
import { lastPoolRun, setPoolSize } from '../pool.js';
import { LAYOUTS, logical, pick, randomValues, rng, stored, view } from '../test-support.js';
import { splitRowsByNnz } from './csr-spmv.js';

afterAll(async () => {
  setPoolSize(undefined);
  await shutdownBackends();
});

interface Csr {
  rows: number;
  indptr: number[];
  indices: number[];
  weights: number[];
}

/** A random CSR matrix: empty rows, repeated columns and unsorted columns included. */
function randomCsr(rows: number, columns: number, maxPerRow: number, random: () => number): Csr {
  const indptr = [0];
  const indices: number[] = [];
  for (let r = 0; r < rows; r++) {
    const k = random() < 0.2 ? 0 : Math.floor(random() * (maxPerRow + 1));
    for (let j = 0; j < k; j++) indices.push(Math.floor(random() * columns));
    indptr.push(indices.length);
  }
  return { rows, indptr, indices, weights: randomValues('float64', indices.length, random, false) };
}

/** Per row and channel, sum_j w_j^p * x[col_j, c] in float64 in stored order; also the sum of |terms|. */
function oracle(m: Csr, x: number[], channels: number, powers: number[], dtype: DType): { values: number[]; scale: number[] } {
  const values: number[] = [];
  const scale: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < channels; c++) {
      let s = 0;
      let a = 0;
      for (let j = m.indptr[r]; j < m.indptr[r + 1]; j++) {
        const term = m.weights[j] ** powers[c] * x[m.indices[j] * channels + c];
        s += term;
        a += Math.abs(term);
      }
      values.push(stored(dtype, s));
      scale.push(a);
    }
  }
  return { values, scale };
}

function ulp(v: number, dtype: DType): number {
  return v !== 0 ? 2 ** (Math.floor(Math.log2(Math.abs(v))) - (dtype === 'float64' ? 52 : 23)) : 0;
}

function matrix(m: Csr, weightDtype: DType, random: () => number, layouts: () => (typeof LAYOUTS)[number], shared = false) {
  return {
    indptr: view('int32', [m.indptr.length], m.indptr, layouts(), shared),
    indices: view(pick(['int32', 'uint32'] as const, random), [m.indices.length], m.indices, layouts(), shared),
    weights: view(weightDtype, [m.weights.length], m.weights.map((w) => stored(weightDtype, w)), layouts(), shared),
  };
}

/** Within one unit in the last place of the output plus 1e-12 of the sum of |terms| (float64 order). */
function expectClose(got: NdArray, want: { values: number[]; scale: number[] }, label: string): void {
  logical(got).forEach((g, i) => {
    const w = want.values[i];
    expect(Math.abs(g - w), `${label}: element ${i} ${g} vs ${w}`).toBeLessThanOrEqual(ulp(w, got.dtype) + 1e-12 * want.scale[i]);
  });
}

describe('cpu csrSpmv', () => {
  it('multiplies random matrices (any index, weight and x dtype, channels, powers, layouts) as a naive loop does', async () => {
    const random = rng(61);
    const layouts = () => pick(LAYOUTS, random);
    for (let trial = 0; trial < 60; trial++) {
      const m = randomCsr(Math.floor(random() * 12), 1 + Math.floor(random() * 9), 6, random);
      const channels = random() < 0.4 ? 0 : 1 + Math.floor(random() * 4); // 0: a 1-D x
      const [wd, xd] = [pick(['float32', 'float64'] as const, random), pick(['float32', 'float64'] as const, random)];
      const columns = 1 + Math.max(-1, ...m.indices);
      const xs = randomValues(xd, columns * Math.max(1, channels), random, false);
      const x = channels === 0 ? view(xd, [columns], xs, layouts()) : view(xd, [columns, channels], xs, layouts());
      const powers = Array.from({ length: Math.max(1, channels) }, () => Math.floor(random() * 3));
      const mat = matrix({ ...m, weights: m.weights.map((w) => stored(wd, w)) }, wd, random, layouts);
      const got = await csrSpmv(mat, x, { powers });
      expect(got.dtype).toBe(xd);
      expect(got.shape).toEqual(channels === 0 ? [m.rows] : [m.rows, channels]);
      const weights = m.weights.map((w) => stored(wd, w));
      expectClose(got, oracle({ ...m, weights }, xs, Math.max(1, channels), powers, xd), `trial ${trial}`);
    }
  });

  it('splits rows into ranges of nearly equal nonzeros', () => {
    const indptr = [0, 10, 10, 10, 40, 41, 42, 80, 100];
    const ranges = splitRowsByNnz(indptr, 0, 8, 3);
    expect(ranges[0][0]).toBe(0);
    expect(ranges.at(-1)?.[1]).toBe(8);
    ranges.slice(1).forEach(([r0], k) => expect(r0).toBe(ranges[k][1]));
    expect(ranges.map(([r0, r1]) => indptr[r1] - indptr[r0])).toEqual([40, 40, 20]);
    expect(splitRowsByNnz([5, 5, 5], 0, 2, 4)).toEqual([[0, 1], [1, 2]]);
    // row pointers read from an offset, not starting at 0 (a slice of a larger matrix's rows)
    expect(splitRowsByNnz([7, 7, 100, 110, 120, 140, 160, 200], 2, 5, 2)).toEqual([[0, 4], [4, 5]]); // 60 and 40
  });

  it('splits large products over more than one worker, with the same bits as one thread', async () => {
    const random = rng(67);
    const m = randomCsr(3000, 5000, 90, random);
    const mat = matrix(m, 'float32', random, () => 'contiguous', true);
    for (const [channels, powers] of [[0, [1]], [3, [1, 2, 0]]] as const) {
      const xs = randomValues('float32', 5000 * Math.max(1, channels), random, false);
      const x = view('float32', channels === 0 ? [5000] : [5000, channels], xs, 'contiguous', true);
      setPoolSize(1);
      const single = logical(await csrSpmv(mat, x, { powers: [...powers] }));
      setPoolSize(3);
      const pooled = await csrSpmv(mat, x, { powers: [...powers] });
      expect(lastPoolRun().workers).toBe(3);
      const bits = logical(pooled);
      expect(bits.every((v, i) => Object.is(v, single[i]))).toBe(true);
      const weights = m.weights.map((w) => stored('float32', w));
      expectClose(pooled, oracle({ ...m, weights }, xs, Math.max(1, channels), [...powers], 'float32'), `${channels} channels`);
    }
  });
});
