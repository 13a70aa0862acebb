/**
 * Full pixel splitting against independent geometry: 1D weights are the exact area of the pixel
 * quadrilateral in each radial bin (polygon clipping here, strip integration there), to 1e-5
 * (pyFAI sums the strips in float32); 2D weights are exact for pixels aligned with the bins;
 * weights of each pixel sum to 1 inside the range (1e-5); pixels across the chi discontinuity
 * are moved to one side before splitting.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/src/testing/rng.js';
import { azimuthalBins, radialBins } from './bins.js';
import { buildCsr1d, buildCsr2d } from './csr.js';
import type { Bins, Csr, Pixels1d } from './types.js';
import { visitContributions1d, visitContributions2d } from './visit.js';

type Point = [number, number];

/** The part of `poly` with lo <= x <= hi (Sutherland-Hodgman against two vertical lines). */
function clipX(poly: Point[], lo: number, hi: number): Point[] {
  const clip = (pts: Point[], inside: (p: Point) => boolean, cut: (p: Point, q: Point) => Point): Point[] => {
    const out: Point[] = [];
    pts.forEach((p, k) => {
      const q = pts[(k + 1) % pts.length];
      if (inside(p)) out.push(p);
      if (inside(p) !== inside(q)) out.push(cut(p, q));
    });
    return out;
  };
  const at = (x: number) => (p: Point, q: Point): Point => [x, p[1] + ((q[1] - p[1]) * (x - p[0])) / (q[0] - p[0])];
  return clip(clip(poly, (p) => p[0] >= lo, at(lo)), (p) => p[0] <= hi, at(hi));
}

function area(poly: Point[]): number {
  let s = 0;
  poly.forEach((p, k) => {
    const q = poly[(k + 1) % poly.length];
    s += p[0] * q[1] - q[0] * p[1];
  });
  return Math.abs(s) / 2;
}

function columnSums(csr: Csr): Float64Array {
  const sums = new Float64Array(csr.cols);
  for (let k = 0; k < csr.indices.length; k++) sums[csr.indices[k]] += csr.weights[k];
  return sums;
}

describe('full splitting, 1D', () => {
  it('gives each bin the exact area of the pixel inside it, over the area inside the range', () => {
    const rng = new Rng(7); // seeded: the random pixels are the same every run
    const bins: Bins = { count: 6, min: 10, max: 16 };
    const pixels = 200;
    const corners = new Float64Array(8 * pixels);
    const shapes: Point[][] = [];
    for (let i = 0; i < pixels; i++) {
      // a convex quadrilateral: 4 points at increasing angles around a centre, chi > 0
      const cx = 9 + 8 * rng.next();
      const cy = 0.5 + rng.next();
      const start = 2 * Math.PI * rng.next();
      const quad: Point[] = [0, 1, 2, 3].map((k) => {
        const angle = start - (k * Math.PI) / 2 + 0.5 * (rng.next() - 0.5);
        const radius = 0.3 + 1.5 * rng.next();
        return [cx + radius * Math.cos(angle), cy + 0.3 * radius * Math.sin(angle)];
      });
      quad.forEach(([x, y], k) => {
        corners[8 * i + 2 * k] = x;
        corners[8 * i + 2 * k + 1] = y;
      });
      shapes.push(quad);
    }
    const got = new Map<string, number>();
    visitContributions1d({ center: new Float64Array(pixels), corners }, 'full', bins, (bin, pixel, w) => got.set(`${bin},${pixel}`, w));
    let checked = 0;
    shapes.forEach((quad, i) => {
      const xs = quad.map((p) => p[0] - bins.min);
      if (Math.max(...xs) < 0 || Math.min(...xs) >= bins.count) return;
      const inBins = Array.from({ length: bins.count }, (_, b) => area(clipX(quad, bins.min + b, bins.min + b + 1)));
      const total = inBins.reduce((a, b) => a + b, 0);
      inBins.forEach((a, b) => {
        expect(Math.abs((got.get(`${b},${i}`) ?? 0) - a / total), `pixel ${i}, bin ${b}`).toBeLessThanOrEqual(1e-5);
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(100 * bins.count);
  });

  /** The exact 1D weights of a quadrilateral over 4 unit bins from 0. */
  function exact(corners: number[]): number[] {
    const quad: Point[] = [0, 1, 2, 3].map((k) => [corners[2 * k], corners[2 * k + 1]]);
    const areas = [0, 1, 2, 3].map((b) => area(clipX(quad, b, b + 1)));
    const total = areas.reduce((a, b) => a + b, 0);
    return areas.map((a) => a / total);
  }

  function weights(px: Pixels1d): number[] {
    const w = [0, 0, 0, 0];
    visitContributions1d(px, 'full', { count: 4, min: 0, max: 4 }, (bin, _, v) => (w[bin] = v));
    return w;
  }

  it('moves a pixel across chi = +-pi to one side before splitting', () => {
    // an irregular quadrilateral over chi 3.10..3.20; its upper corners written as chi - 2pi
    const whole = [2.5, 3.1, 1, 3.12, 1.5, 3.2, 3.4, 3.16];
    const wrapped = whole.map((v, k) => (k % 2 === 1 && v > Math.PI ? v - 2 * Math.PI : v));
    const expected = exact(whole);
    expect(expected[3]).toBeGreaterThan(0);
    weights({ center: new Float64Array(1), corners: Float64Array.from(whole) }).forEach((w, b) => expect(Math.abs(w - expected[b])).toBeLessThanOrEqual(1e-5));
    weights({ center: new Float64Array(1), corners: Float64Array.from(wrapped) }).forEach((w, b) => expect(Math.abs(w - expected[b])).toBeLessThanOrEqual(1e-5));
  });

  it('with the discontinuity at 0, moves a pixel across chi = 0 / 2pi', () => {
    const whole = [2.5, 6.25, 1, 6.27, 1.5, 6.35, 3, 6.31];
    const wrapped = whole.map((v, k) => (k % 2 === 1 && v > 2 * Math.PI ? v - 2 * Math.PI : v));
    const expected = exact(whole);
    weights({ center: new Float64Array(1), corners: Float64Array.from(wrapped), chiDiscAtZero: true }).forEach((w, b) => expect(Math.abs(w - expected[b])).toBeLessThanOrEqual(1e-5));
  });
});

describe('full splitting, 2D', () => {
  it('is exact for a pixel aligned with the bins', () => {
    // [0.5, 2.25] x [0.25, 1.5], corners in pyFAI's orientation
    const corners = Float64Array.of(0.5, 0.25, 0.5, 1.5, 2.25, 1.5, 2.25, 0.25);
    const cells = new Map<number, number>();
    visitContributions2d({ center: new Float64Array(1), corners }, 'full', { count: 3, min: 0, max: 3 }, { count: 2, min: 0, max: 2 }, (row, _, w) => cells.set(row, w));
    const xs = [0.5, 1, 0.25];
    const ys = [0.75, 0.5];
    const total = 1.75 * 1.25;
    for (let ia = 0; ia < 2; ia++) {
      for (let ir = 0; ir < 3; ir++) expect(cells.get(ia * 3 + ir)).toBeCloseTo((xs[ir] * ys[ia]) / total, 6);
    }
  });

  it('squashes a pixel across chi = pi into the last azimuthal bin (corners clipped to the range)', () => {
    const corners = Float64Array.of(1.25, 3.1, 1.25, 3.18 - 2 * Math.PI, 1.75, 3.18 - 2 * Math.PI, 1.75, 3.1);
    const rows: number[] = [];
    const radial: Bins = { count: 4, min: 0, max: 4 };
    const azimuthal: Bins = { count: 4, min: -Math.PI, max: Math.PI };
    visitContributions2d({ center: new Float64Array(1), corners }, 'full', radial, azimuthal, (row, _, w) => rows.push(row, w));
    expect(rows[0]).toBe(3 * 4 + 1);
    expect(rows[1]).toBeCloseTo(1, 6);
    expect(rows.length).toBe(2);
  });
});

describe('full splitting on pyFAI corner arrays', () => {
  const dir = new URL('../__fixtures__/splitting/', import.meta.url);
  const meta = JSON.parse(readFileSync(new URL('wrap.json', dir), 'utf8')) as { inputs: Record<string, { offset: number; length: number }> };
  const bytes = gunzipSync(readFileSync(new URL('wrap.bin.gz', dir)));
  const f32 = (name: string): Float64Array => Float64Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset + meta.inputs[name].offset), 0, meta.inputs[name].length));
  const px: Pixels1d = { center: f32('center'), corners: f32('corners'), chi: f32('chi') };
  const n = px.center.length;

  it('1D: every pixel inside the range is split with weights summing to 1', () => {
    const sums = columnSums(buildCsr1d(px, 'full', radialBins(px, 'full', 25)));
    for (let i = 0; i < n; i++) expect(Math.abs(sums[i] - 1), `pixel ${i}`).toBeLessThanOrEqual(1e-5);
  });

  it('1D with a radial range: pixels partly outside are renormalised to 1, pixels outside are absent', () => {
    const bins = radialBins(px, 'full', 20, [0.0004, 0.0015]);
    const sums = columnSums(buildCsr1d(px, 'full', bins));
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const r = [0, 2, 4, 6].map((k) => px.corners![8 * i + k]);
      if (Math.max(...r) < 0.0004 || Math.min(...r) > 0.0015) expect(sums[i]).toBe(0);
      else {
        expect(Math.abs(sums[i] - 1), `pixel ${i}`).toBeLessThanOrEqual(1e-5);
        inside++;
      }
    }
    expect(inside).toBeGreaterThan(n / 3);
  });

  it('2D: every pixel is split with weights summing to 1, across the chi discontinuity too', () => {
    const csr = buildCsr2d(px, 'full', radialBins(px, 'full', 12), azimuthalBins(px, 'full', 18));
    const sums = columnSums(csr);
    for (let i = 0; i < n; i++) expect(Math.abs(sums[i] - 1), `pixel ${i}`).toBeLessThanOrEqual(1e-5);
  });
});
