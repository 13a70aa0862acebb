import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/src/testing/rng.js';
import type { Csr } from '../splitting/types.js';
import { bandCsr, splitRows } from './shared-csr.js';

describe('bandCsr', () => {
  it('drops invalid pixels and zero or non-finite weights, by hand', () => {
    // row 0: p0 (1), p2 (0.5), p4 (2); row 1: p1 (1), p2 (NaN), p3 (1, invalid), p4 (0)
    const csr: Csr = {
      rows: 2,
      cols: 5,
      indptr: new Int32Array([0, 3, 7]),
      indices: new Int32Array([0, 2, 4, 1, 2, 3, 4]),
      weights: new Float32Array([1, 0.5, 2, 1, NaN, 1, 0]),
    };
    const m = bandCsr(csr, new Uint8Array([0, 0, 0, 1, 0]));
    expect(m.bands).toBe(1);
    expect(Array.from(m.ptr)).toEqual([0, 3, 4]);
    expect(Array.from(m.indices)).toEqual([0, 2, 4, 1]);
    expect(Array.from(m.weights)).toEqual([1, 0.5, 2, 1]);
    expect(Array.from(m.rowPtr)).toEqual([0, 3, 4]);
    expect(m.indices.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m.weights.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('keeps each row\'s kept elements in stored order, band after band, each segment in its band, pixels as offsets from the band', () => {
    const r = new Rng(5);
    const rows = 20;
    const cols = 5000;
    const entries: [number, number, number][] = [];
    for (let p = 0; p < cols; p++) for (let k = 0; k < 1 + Math.floor(r.next() * 3); k++) entries.push([Math.floor(r.next() * rows), p, r.next() < 0.05 ? 0 : 0.1 + r.next()]);
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const indptr = new Int32Array(rows + 1);
    for (const [row] of entries) indptr[row + 1]++;
    for (let k = 0; k < rows; k++) indptr[k + 1] += indptr[k];
    const csr: Csr = { rows, cols, indptr, indices: Int32Array.from(entries, (e) => e[1]), weights: Float32Array.from(entries, (e) => e[2]) };
    const invalid = Uint8Array.from({ length: cols }, () => (r.next() < 0.1 ? 1 : 0));
    const m = bandCsr(csr, invalid, 700);
    expect(m.bands).toBe(8); // ceil(5000 / 700), with ~700 elements per row allowed
    expect(m.perBand).toBe(625);
    expect(m.indices).toBeInstanceOf(Uint16Array);
    expect(m.unitWeights).toBe(false);
    const pixel = (k: number, j: number) => k * m.perBand + m.indices[j];
    for (let k = 0; k < m.bands; k++) {
      for (let row = 0; row < rows; row++) {
        for (let j = m.ptr[k * rows + row]; j < m.ptr[k * rows + row + 1]; j++) expect(m.indices[j]).toBeLessThan(m.perBand);
      }
    }
    const kept = (j: number) => invalid[csr.indices[j]] === 0 && csr.weights[j] !== 0;
    const want: string[] = [];
    for (let row = 0; row < rows; row++) for (let j = indptr[row]; j < indptr[row + 1]; j++) if (kept(j)) want.push(`${row}:${csr.indices[j]}:${csr.weights[j]}`);
    const got: string[] = [];
    for (let row = 0; row < rows; row++) {
      for (let k = 0; k < m.bands; k++) for (let j = m.ptr[k * rows + row]; j < m.ptr[k * rows + row + 1]; j++) got.push(`${row}:${pixel(k, j)}:${m.weights[j]}`);
    }
    expect(got).toEqual(want);
    expect(m.nnz).toBe(want.length);
    expect(Array.from(m.rowPtr.subarray(1), (end, row) => end - m.rowPtr[row])).toEqual(Array.from({ length: rows }, (_, row) => want.filter((t) => t.startsWith(`${row}:`)).length));
  });

  it('stores no weights when all are 1, and 32-bit offsets for bands over 65 536 pixels', () => {
    const cols = 200_000;
    const csr: Csr = { rows: 1, cols, indptr: new Int32Array([0, 3]), indices: new Int32Array([5, 70_000, 199_999]), weights: new Float32Array([1, 1, 1]) };
    const m = bandCsr(csr, new Uint8Array(cols), 100_000);
    // 3 elements for 1 row: one band
    expect([m.bands, m.perBand, m.unitWeights, m.weights.length]).toEqual([1, cols, true, 0]);
    expect(m.indices).toBeInstanceOf(Int32Array);
    expect(Array.from(m.indices)).toEqual([5, 70_000, 199_999]);
  });

  it('refuses pixels out of range or not ascending within a row', () => {
    const csr = (indices: number[]): Csr => ({ rows: 1, cols: 4, indptr: new Int32Array([0, indices.length]), indices: Int32Array.from(indices), weights: new Float32Array(indices.length).fill(0.5) });
    expect(() => bandCsr(csr([0, 4]), new Uint8Array(4))).toThrow(/csr.indices\[1\] must be a pixel index in \[0, 4\); got 4/);
    expect(() => bandCsr(csr([-1, 2]), new Uint8Array(4))).toThrow(/csr.indices\[0\] must be a pixel index in \[0, 4\); got -1/);
    expect(() => bandCsr(csr([2, 1]), new Uint8Array(4))).toThrow(/csr.indices must ascend within each row; got 1 after 2 at 1/);
  });
});

describe('splitRows', () => {
  it('cuts the rows at the boundaries nearest to equal shares of the elements', () => {
    expect(splitRows(new Int32Array([0, 10, 10, 40, 100]), 2)).toEqual([[0, 3], [3, 4]]);
    expect(splitRows(new Int32Array([0, 25, 50, 75, 100]), 4)).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(splitRows(new Int32Array([0, 5]), 3)).toEqual([[0, 1]]);
  });
});
