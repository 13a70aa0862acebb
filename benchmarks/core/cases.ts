/**
 * The core benchmark cases: their sizes (full or quick), the bytes and flops one call moves, how
 * to build their inputs and how to run them with pandaas. `reference.py` builds the same inputs
 * from the same `params` and runs numpy/scipy on them.
 *
 * @example
 * ```ts
 * const cases = coreCases({ quick: true }).filter((c) => c.id === 'fft');
 * const inputs = cases[0].build(); // host typed arrays, built once
 * ```
 * @module
 */
import { add, csrSpmv, fft, sum, type NdArray } from '@pandaas/core';
import { ringCsr, uniformFloat32 } from './inputs.js';

/** Names of the cases. */
export const CASE_IDS = ['elementwise-add', 'reduce-sum', 'reduce-sum-rows', 'csr-spmv', 'fft'] as const;
/** The name of a case. */
export type CaseId = (typeof CASE_IDS)[number];

/** One input as a host typed array and its shape. */
export interface HostInput {
  data: Float32Array | Int32Array;
  shape: number[];
}

/** A benchmark case. */
export interface BenchCase {
  id: CaseId;
  /** What it computes, in words. */
  title: string;
  /** Sizes and seeds, shared with reference.py. */
  params: Record<string, number>;
  /** Bytes one call reads and writes at least (for GB/s). */
  bytes: number;
  /** Floating-point operations of one call, where the usual count exists (FFT: 5 n log2 n). */
  flops?: number;
  /** Whether GB/s is compared with the device's memory bandwidth (streaming kernels only). */
  streaming: boolean;
  /** Relative tolerance of the checksum comparison with numpy (see checksum.ts). */
  rtol: number;
  /** Dispatches between two syncs in the GPU-resident variant. */
  residentRepeats: number;
  /** The inputs on the host, built once. */
  build(): HostInput[];
  /** One call of the operation on inputs of any backend; returns every output. */
  run(inputs: readonly NdArray[]): Promise<NdArray[]>;
}

/** Options of {@link coreCases}. */
export interface CaseOptions {
  /** Small sizes for a smoke test. */
  quick: boolean;
  /** Elements of the elementwise case, overriding the default (2^25, quick 2^16). */
  elements?: number;
}

function elementwiseAdd(quick: boolean, elements: number | undefined): BenchCase {
  const n = elements ?? (quick ? 1 << 16 : 1 << 25);
  return {
    id: 'elementwise-add',
    title: 'c = a + b, float32',
    params: { n, seedA: 1, seedB: 2 },
    bytes: 12 * n,
    streaming: true,
    rtol: 1e-7,
    residentRepeats: quick ? 3 : 20,
    build: () => [
      { data: uniformFloat32(n, 1, -1, 1), shape: [n] },
      { data: uniformFloat32(n, 2, -1, 1), shape: [n] },
    ],
    run: async ([a, b]) => [await add(a, b)],
  };
}

function reduction(quick: boolean, rowsOnly: boolean): BenchCase {
  const rows = quick ? 256 : 8192;
  const cols = quick ? 256 : 4096;
  return {
    id: rowsOnly ? 'reduce-sum-rows' : 'reduce-sum',
    title: rowsOnly ? 'sum along the last axis of [rows, cols], float32' : 'sum of all elements, float32',
    params: { rows, cols, seed: 3 },
    bytes: 4 * rows * cols + (rowsOnly ? 4 * rows : 4),
    streaming: false,
    rtol: 1e-5,
    residentRepeats: quick ? 3 : 20,
    build: () => [{ data: uniformFloat32(rows * cols, 3, 0, 1), shape: [rows, cols] }],
    run: async ([x]) => [await sum(x, rowsOnly ? { axis: -1 } : {})],
  };
}

function csr(quick: boolean): BenchCase {
  const geometry = quick
    ? { height: 217, width: 207, rows: 100, centreY: 105, centreX: 110, seed: 4 }
    : { height: 2167, width: 2070, rows: 1000, centreY: 1050, centreX: 1100, seed: 4 };
  const nnz = geometry.height * geometry.width;
  return {
    id: 'csr-spmv',
    title: `CSR matrix x vector: ${geometry.rows} rows, ${nnz} non-zeros (1D azimuthal integration of a ${geometry.height} x ${geometry.width} frame, no pixel splitting), float32`,
    params: { ...geometry, seedX: 5 },
    bytes: 12 * nnz + 8 * geometry.rows + 4,
    streaming: false,
    rtol: 1e-5,
    residentRepeats: quick ? 3 : 20,
    build: () => {
      const m = ringCsr(geometry);
      return [
        { data: m.indptr, shape: [geometry.rows + 1] },
        { data: m.indices, shape: [nnz] },
        { data: m.weights, shape: [nnz] },
        { data: uniformFloat32(m.columns, 5, 0, 1), shape: [m.columns] },
      ];
    },
    run: async ([indptr, indices, weights, x]) => [await csrSpmv({ indptr, indices, weights }, x)],
  };
}

function batchedFft(quick: boolean): BenchCase {
  const batch = quick ? 16 : 2048;
  const n = quick ? 256 : 4096;
  return {
    id: 'fft',
    title: `complex FFT of ${batch} rows of ${n} points (planar re/im), float32`,
    params: { batch, n, seedRe: 6, seedIm: 7 },
    bytes: 16 * batch * n,
    flops: 5 * batch * n * Math.log2(n),
    streaming: false,
    rtol: 1e-5,
    residentRepeats: quick ? 3 : 10,
    build: () => [
      { data: uniformFloat32(batch * n, 6, -1, 1), shape: [batch, n] },
      { data: uniformFloat32(batch * n, 7, -1, 1), shape: [batch, n] },
    ],
    run: async ([re, im]) => {
      const out = await fft(re, im);
      return [out.re, out.im];
    },
  };
}

/** Every case, in the order they run. @example `coreCases({ quick: false, elements: 1 << 27 })[0].bytes // 12 * 2^27` */
export function coreCases({ quick, elements }: CaseOptions): BenchCase[] {
  return [elementwiseAdd(quick, elements), reduction(quick, false), reduction(quick, true), csr(quick), batchedFft(quick)];
}
