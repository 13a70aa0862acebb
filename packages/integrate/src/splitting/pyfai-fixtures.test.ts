/**
 * The splitting module against pyFAI 0.21.3's own integration matrices
 * (scripts/fixtures/integrate/splitting.py): pyFAI's per-pixel arrays go in, and the bins and the
 * weight of every (bin, pixel) pair must come out as pyFAI's.
 *
 * One deliberate difference: pyFAI's CSR classes find bins by truncating toward zero, so a pixel
 * whose centre (`no`) or bounding box (`bbox`) ends less than one bin below the lower end of a
 * range still lands, whole, in the first bin of that axis; pandaas leaves it out, as pyFAI's
 * histogram engines histoBBox1d_engine and histogram2d_engine do. Each case checks that pyFAI's
 * matrix differs from pandaas' in exactly those pixels' columns (derived from the inputs and the
 * bins, not from either matrix) and matches everywhere else. It also checks the per-bin `count`
 * of the histogram engine pyFAI's integrate1d_ng/integrate2d_ng run for that splitting: equal to
 * the sum of pandaas' weights in the bin, plus those edge pixels' pyFAI weights for the two
 * engines that truncate as the CSR classes do (histogram1d_engine, histoBBox2d_engine).
 *
 * Tolerances: bin edges 1e-12 relative, bin centres 1e-6 relative, each weight 1e-5 absolute
 * (pyFAI stores float32 weights; 2D full splitting is computed in float32 by both); histogram
 * counts 1e-6 per contribution (float32 weights summed here, pyFAI's fractions summed in double).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { azimuthalBins, binCenters, radialBins } from './bins.js';
import { buildCsr1d, buildCsr2d } from './csr.js';
import type { Bins, Csr, Pixels1d, Split } from './types.js';

interface ArrayRef {
  dtype: 'float64' | 'float32' | 'int32' | 'uint8';
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
  histogramEngine: string;
  histogramCount: ArrayRef;
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
    if (ref.dtype === 'float64') return new Float64Array(buffer, ref.offset, ref.length);
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

/** The histogram engines of pyFAI 0.21 that truncate bin numbers toward zero like its CSR classes. */
const TRUNCATING_ENGINES = new Set(['histogram.histogram1d_engine', 'splitBBox.histoBBox2d_engine']);

/** Edge pixels found per engine over all cases: the test must not pass for want of any. */
const edgesSeen = new Map<string, number>();

/** Bin coordinates of `x ± d` on `bins`: [low end, high end]. */
function binCoordinates(x: number, d: number, bins: Bins): [number, number] {
  const width = (bins.max - bins.min) / bins.count;
  return [(x - d - bins.min) / width, (x + d - bins.min) / width];
}

/**
 * The pixels pyFAI's CSR classes count and pandaas leaves out (`no`/`bbox`): unmasked, inside the
 * 1D azimuth range (pyFAI's test on chi ± chiDelta), with the box reaching no lower than one bin
 * below a range and ending below it (truncation makes that bin 0). For each: the axes it missed
 * (1 radial, 2 azimuthal, 3 both).
 */
function lowerEdgePixels(px: Pixels1d, split: Split, radial: Bins, azimuthal: Bins | undefined, azimuthRange: [number, number] | undefined): Map<number, number> {
  const out = new Map<number, number>();
  const box = split === 'bbox';
  for (let i = 0; i < px.center.length; i++) {
    if (px.mask !== undefined && px.mask[i] !== 0) continue;
    const [f0, f1] = binCoordinates(px.center[i], box ? px.delta![i] : 0, radial);
    if (!(f1 > -1 && f0 < radial.count)) continue;
    let missed = f1 < 0 ? 1 : 0;
    if (azimuthal !== undefined) {
      const [g0, g1] = binCoordinates(px.chi![i], box ? px.chiDelta![i] : 0, azimuthal);
      if (!(g1 > -1 && g0 < azimuthal.count)) continue;
      if (g1 < 0) missed |= 2;
    } else if (azimuthRange !== undefined) {
      const c = px.chi![i];
      const d = box ? px.chiDelta![i] : 0;
      if (c + d < azimuthRange[0] || c - d > azimuthRange[1]) continue;
    }
    if (missed !== 0) out.set(i, missed);
  }
  return out;
}

/**
 * Checks that pyFAI's matrix (`expected`, dense, our row order) has every edge pixel wholly in the
 * first bin of the axis it missed and that ours leaves it out; then clears those columns of
 * `expected`, so that what remains must match ours entry for entry. Returns pyFAI's per-row sum
 * of the edge pixels' weights.
 */
function setEdgesApart(csr: Csr, expected: Float64Array, pixels: number, edges: Map<number, number>, nRad: number): Float64Array {
  const edgeSums = new Float64Array(csr.rows);
  for (let k = 0; k < csr.indices.length; k++) expect(edges.has(csr.indices[k]), `pandaas counts edge pixel ${csr.indices[k]}`).toBe(false);
  for (const [p, missed] of edges) {
    let total = 0;
    for (let row = 0; row < csr.rows; row++) {
      const w = expected[row * pixels + p];
      if (w === 0) continue;
      const firstRadial = row % nRad === 0;
      const firstAzimuthal = row < nRad;
      expect((missed & 1) === 0 || firstRadial, `pyFAI puts pixel ${p} (below the radial range) in row ${row}`).toBe(true);
      expect((missed & 2) === 0 || firstAzimuthal, `pyFAI puts pixel ${p} (below the azimuthal range) in row ${row}`).toBe(true);
      total += w;
      edgeSums[row] += w;
      expected[row * pixels + p] = 0;
    }
    expect(Math.abs(total - 1), `pyFAI's weights of edge pixel ${p} sum to ${total}`).toBeLessThanOrEqual(1e-5);
  }
  return edgeSums;
}

/** Our per-bin weight sums (+ `extra`) against pyFAI's histogram engine's count, 1e-6 per contribution. */
function expectHistogramCount(csr: Csr, extra: Float64Array, engine: string, count: Float64Array): void {
  expect(count.length).toBe(csr.rows);
  for (let row = 0; row < csr.rows; row++) {
    let sum = TRUNCATING_ENGINES.has(engine) ? extra[row] : 0;
    for (let k = csr.indptr[row]; k < csr.indptr[row + 1]; k++) sum += csr.weights[k];
    const tolerance = 1e-6 * Math.max(1, csr.indptr[row + 1] - csr.indptr[row]);
    expect(Math.abs(sum - count[row]), `${engine} count of bin ${row}: ${count[row]} vs ${sum}`).toBeLessThanOrEqual(tolerance);
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
    corners: Float32Array.from(read(fixture.inputs.corners)), // as Geometry.corners gives them
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
        const count = read(c.histogramCount) as Float64Array;
        if (c.dim === 1) {
          const bins = radialBins(px, c.split, c.npt as number, range);
          expectRelative([bins.min, bins.max], [c.pos0[0], c.pos0[2]], 1e-12);
          expectRelative(binCenters(bins), c.binCenters!, 1e-6);
          const csr = buildCsr1d(px, c.split, bins, { azimuthRange });
          expect([csr.rows, csr.cols]).toEqual([c.npt, pixels]);
          const expected = dense(bins.count, pixels, indptr, indices, data, (r) => r);
          const edges = c.split === 'full' ? new Map<number, number>() : lowerEdgePixels(px, c.split, bins, undefined, azimuthRange);
          edgesSeen.set(c.histogramEngine, (edgesSeen.get(c.histogramEngine) ?? 0) + edges.size);
          const edgeSums = setEdgesApart(csr, expected, pixels, edges, bins.count);
          expectSameWeights(csr, expected, pixels);
          expectHistogramCount(csr, edgeSums, c.histogramEngine, count);
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
          const edges = c.split === 'full' ? new Map<number, number>() : lowerEdgePixels(px, c.split, radial, azimuthal, undefined);
          edgesSeen.set(c.histogramEngine, (edgesSeen.get(c.histogramEngine) ?? 0) + edges.size);
          const edgeSums = setEdgesApart(csr, expected, pixels, edges, nRad);
          expectSameWeights(csr, expected, pixels);
          expectHistogramCount(csr, edgeSums, c.histogramEngine, count);
        }
      });
    }
  });
}

describe('the fixtures exercise the lower range edge', () => {
  it('for every no/bbox engine, some case has pixels pyFAI CSR counts and pandaas leaves out', () => {
    const engines = ['histogram.histogram1d_engine', 'splitBBox.histoBBox1d_engine', 'histogram.histogram2d_engine', 'splitBBox.histoBBox2d_engine'];
    expect(engines.map((e) => [e, (edgesSeen.get(e) ?? 0) > 0])).toEqual(engines.map((e) => [e, true]));
  });
});
