/**
 * The splitting module against pyFAI 0.21.3's own integration matrices
 * (scripts/fixtures/integrate/splitting.py): pyFAI's per-pixel arrays go in, and the bins and the
 * weight of every (bin, pixel) pair must come out as pyFAI's.
 *
 * Tolerances: bin edges 1e-12 relative, bin centres 1e-6 relative, each weight 1e-5 absolute
 * (pyFAI stores float32 weights; 2D full splitting is computed in float32 by both).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { azimuthalBins, binCenters, radialBins } from './bins.js';
import { buildCsr1d, buildCsr2d } from './csr.js';
import type { Csr, Pixels1d, Split } from './types.js';

interface ArrayRef {
  dtype: 'float32' | 'int32' | 'uint8';
  offset: number;
  length: number;
}
interface Case {
  name: string;
  dim: 1 | 2;
  split: Split;
  npt: number | [number, number];
  mask: boolean;
  radialRange: [number, number] | null;
  azimuthRange: [number, number] | null;
  pos0: [number, number, number];
  pos1?: [number, number, number];
  binCenters?: number[];
  binCenters0?: number[];
  binCenters1?: number[];
  indptr: ArrayRef;
  indices: ArrayRef;
  data: ArrayRef;
}
interface Fixture {
  name: string;
  shape: [number, number];
  chiDiscAtPi: boolean;
  inputs: Record<'center' | 'delta' | 'corners' | 'chi' | 'chiDelta' | 'mask', ArrayRef>;
  cases: Case[];
}

const GEOMETRIES = ['generic', 'tilted', 'wrap', 'wrap-disc-zero'];
const dir = new URL('../__fixtures__/splitting/', import.meta.url);

function load(name: string): { fixture: Fixture; read: (ref: ArrayRef) => Float64Array | Int32Array | Uint8Array } {
  const fixture = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Fixture;
  const bytes = gunzipSync(readFileSync(new URL(`${name}.bin.gz`, dir)));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const read = (ref: ArrayRef): Float64Array | Int32Array | Uint8Array => {
    if (ref.dtype === 'float32') return Float64Array.from(new Float32Array(buffer, ref.offset, ref.length));
    if (ref.dtype === 'int32') return new Int32Array(buffer, ref.offset, ref.length);
    return new Uint8Array(buffer, ref.offset, ref.length);
  };
  return { fixture, read };
}

/** Dense [rows, pixels] matrix of a CSR (rows remapped by `row`). */
function dense(rows: number, pixels: number, indptr: Int32Array, indices: Int32Array, data: ArrayLike<number>, row: (r: number) => number): Float64Array {
  const out = new Float64Array(rows * pixels);
  for (let r = 0; r < rows; r++) {
    for (let k = indptr[r]; k < indptr[r + 1]; k++) out[row(r) * pixels + indices[k]] += data[k];
  }
  return out;
}

function expectRelative(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance * Math.abs(expected[i]) + 1e-300);
  }
}

function expectSameWeights(csr: Csr, expected: Float64Array, pixels: number): void {
  const actual = dense(csr.rows, pixels, csr.indptr, csr.indices, csr.weights, (r) => r);
  let worst = 0;
  let where = -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (d > worst) {
      worst = d;
      where = i;
    }
  }
  const at = where < 0 ? '' : ` at bin ${Math.floor(where / pixels)}, pixel ${where % pixels}: ${actual[where]} vs ${expected[where]}`;
  expect(worst, `largest weight difference${at}`).toBeLessThanOrEqual(1e-5);
}

for (const name of GEOMETRIES) {
  const { fixture, read } = load(name);
  const pixels = fixture.shape[0] * fixture.shape[1];
  const base: Pixels1d = {
    center: read(fixture.inputs.center) as Float64Array,
    delta: read(fixture.inputs.delta) as Float64Array,
    corners: read(fixture.inputs.corners) as Float64Array,
    chi: read(fixture.inputs.chi) as Float64Array,
    chiDelta: read(fixture.inputs.chiDelta) as Float64Array,
    chiDiscAtZero: !fixture.chiDiscAtPi,
  };
  const mask = read(fixture.inputs.mask) as Uint8Array;

  describe(`splitting vs pyFAI 0.21: ${name}`, () => {
    for (const c of fixture.cases) {
      it(c.name, () => {
        const px: Pixels1d = c.mask ? { ...base, mask } : base;
        const range = c.radialRange ?? undefined;
        const azimuthRange = c.azimuthRange ?? undefined;
        const indptr = read(c.indptr) as Int32Array;
        const indices = read(c.indices) as Int32Array;
        const data = read(c.data);
        if (c.dim === 1) {
          const bins = radialBins(px, c.split, c.npt as number, range);
          expectRelative([bins.min, bins.max], [c.pos0[0], c.pos0[2]], 1e-12);
          expectRelative(binCenters(bins), c.binCenters!, 1e-6);
          const csr = buildCsr1d(px, c.split, bins, { azimuthRange });
          expect([csr.rows, csr.cols]).toEqual([c.npt, pixels]);
          expectSameWeights(csr, dense(bins.count, pixels, indptr, indices, data, (r) => r), pixels);
        } else {
          const [nRad, nAzim] = c.npt as [number, number];
          const radial = radialBins(px, c.split, nRad, range);
          const azimuthal = azimuthalBins(px, c.split, nAzim, azimuthRange);
          expectRelative([radial.min, radial.max, azimuthal.min, azimuthal.max], [c.pos0[0], c.pos0[2], c.pos1![0], c.pos1![2]], 1e-12);
          expectRelative(binCenters(radial), c.binCenters0!, 1e-6);
          expectRelative(binCenters(azimuthal), c.binCenters1!, 1e-6);
          const csr = buildCsr2d(px, c.split, radial, azimuthal);
          expect([csr.rows, csr.cols]).toEqual([nRad * nAzim, pixels]);
          // pyFAI's rows are radial-major (ir * nAzim + ia), ours azimuthal-major (ia * nRad + ir)
          const expected = dense(nRad * nAzim, pixels, indptr, indices, data, (r) => (r % nAzim) * nRad + Math.floor(r / nAzim));
          expectSameWeights(csr, expected, pixels);
        }
      });
    }
  });
}
