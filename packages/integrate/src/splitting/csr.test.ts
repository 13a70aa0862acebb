import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { buildCsr1d, buildCsr2d } from './csr.js';
import type { Bins, Csr, Pixels1d, Split } from './types.js';
import { visitContributions1d, visitContributions2d } from './visit.js';

/** A small ring of pixels around the origin in (radial, chi), with corners, in pyFAI's orientation. */
function ring(): Pixels1d {
  const n = 60;
  const center = new Float64Array(n);
  const delta = new Float64Array(n);
  const chi = new Float64Array(n);
  const chiDelta = new Float64Array(n);
  const corners = new Float64Array(8 * n);
  for (let i = 0; i < n; i++) {
    const r = 1 + 0.13 * i;
    const c = -Math.PI + (2 * Math.PI * (i + 0.5)) / n;
    const [dr, dc] = [0.2, 0.08];
    center[i] = r;
    delta[i] = dr;
    chi[i] = c;
    chiDelta[i] = dc;
    corners.set([r - dr, c - dc, r - dr, c + dc, r + dr, c + dc, r + dr, c - dc], 8 * i);
  }
  return { center, delta, chi, chiDelta, corners, mask: Uint8Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 1 : 0)) };
}

function triples(csr: Csr): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let r = 0; r < csr.rows; r++) {
    for (let k = csr.indptr[r]; k < csr.indptr[r + 1]; k++) out.push([r, csr.indices[k], csr.weights[k]]);
  }
  return out;
}

const radial: Bins = { count: 9, min: 0.5, max: 9.5 };
const azimuthal: Bins = { count: 8, min: -Math.PI, max: Math.PI };

describe('buildCsr1d / buildCsr2d', () => {
  const px = ring();
  for (const split of ['no', 'bbox', 'full'] as Split[]) {
    it(`${split}: stores exactly what the visitor emits, rows by bin, pixels ascending`, () => {
      const seen: [number, number, number][] = [];
      visitContributions1d(px, split, radial, (b, p, w) => seen.push([b, p, Math.fround(w)]), { azimuthRange: [-1, 2] });
      const csr = buildCsr1d(px, split, radial, { azimuthRange: [-1, 2] });
      expect([csr.rows, csr.cols, csr.indptr.length, csr.indptr[0]]).toEqual([9, 60, 10, 0]);
      expect(triples(csr)).toEqual(seen.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every(([, p]) => px.mask![p] === 0)).toBe(true);

      const seen2: [number, number, number][] = [];
      visitContributions2d(px, split, radial, azimuthal, (b, p, w) => seen2.push([b, p, Math.fround(w)]));
      const csr2 = buildCsr2d(px, split, radial, azimuthal);
      expect([csr2.rows, csr2.cols]).toEqual([72, 60]);
      expect(triples(csr2)).toEqual(seen2.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    });
  }

  it('closes the gaps where full splitting counted a strip whose area comes out 0', () => {
    // bins of width 1 on [0, 4): pixel 0 spans [0.5, 2] exactly (strip 2 reached, area 0), pixel 1
    // has no height (no area: 2 strips counted, nothing stored), pixel 2 spans [1.25, 3.5]
    const rect = (x0: number, x1: number, c0: number, c1: number): number[] => [x0, c0, x0, c1, x1, c1, x1, c0];
    const corners = Float64Array.from([...rect(0.5, 2, 0, 0.1), ...rect(1, 2.5, 0.25, 0.25), ...rect(1.25, 3.5, 0, 0.1)]);
    const px: Pixels1d = { center: new Float64Array(3), corners };
    const bins: Bins = { count: 4, min: 0, max: 4 };
    const csr = buildCsr1d(px, 'full', bins);
    const seen: [number, number, number][] = [];
    visitContributions1d(px, 'full', bins, (b, p, w) => seen.push([b, p, Math.fround(w)]));
    expect(triples(csr)).toEqual(seen.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    // pixel 0: 1/3, 2/3; pixel 2: 0.75/2.25, 1/2.25, 0.5/2.25
    expect(triples(csr).map(([b, p]) => [b, p])).toEqual([[0, 0], [1, 0], [1, 2], [2, 2], [3, 2]]);
    expect([...csr.indptr]).toEqual([0, 1, 3, 4, 5]);
    expect([csr.indices.length, csr.weights.length]).toEqual([5, 5]);
  });

  it('takes the corners as a Float32Array (Geometry.corners) or a Float64Array alike', () => {
    const wide = Float64Array.from(px.corners!, (v) => Math.fround(v));
    const a = buildCsr1d({ ...px, corners: wide }, 'full', radial);
    const b = buildCsr1d({ ...px, corners: Float32Array.from(wide) }, 'full', radial);
    expect(triples(b)).toEqual(triples(a));
    expect(() => buildCsr1d({ ...px, corners: Int32Array.from(wide) as never }, 'full', radial)).toThrow(/px.corners must be a Float32Array or Float64Array/);
  });

  it('numbers 2D rows azimuthal-major: row = ia * nRad + ir', () => {
    const one: Pixels1d = { center: Float64Array.of(7), chi: Float64Array.of(0.5) };
    const csr = buildCsr2d(one, 'no', radial, azimuthal);
    // ir = floor((7 - 0.5) / 1) = 6, ia = floor((0.5 + pi) / (pi / 4)) = 4
    expect(triples(csr)).toEqual([[4 * 9 + 6, 0, 1]]);
  });

  it('rejects bad arguments with typed errors naming them', () => {
    expect(() => buildCsr1d(px, 'bbox', { count: 0, min: 0, max: 1 })).toThrow(/bins.count must be a positive integer, got 0/);
    expect(() => buildCsr1d(px, 'bbox', radial, { azimuthRange: [2, 2] })).toThrow(/opts.azimuthRange must be two distinct finite numbers/);
    expect(() => buildCsr1d({ center: px.center, delta: px.delta }, 'bbox', radial, { azimuthRange: [0, 1] })).toThrow(/px.chi is required with an azimuth range/);
    expect(() => buildCsr1d({ center: px.center, delta: px.delta, chi: px.chi }, 'bbox', radial, { azimuthRange: [0, 1] })).toThrow(
      /px.chiDelta is required for bbox splitting with an azimuth range/,
    );
    expect(() => buildCsr1d({ ...px, corners: new Float64Array(8) }, 'full', radial)).toThrow(ShapeError);
    expect(() => buildCsr1d(px, 'bbox', radial, null as never)).toThrow(/opts must be an object/);
    expect(() => buildCsr2d(px, 'bbox', radial, { count: 3, min: 2, max: 1 })).toThrow(/azimuthal.min and .max must be finite with max > min/);
    expect(() => buildCsr2d(px, 'bbox', { count: 2 ** 16, min: 0, max: 1 }, { count: 2 ** 16, min: 0, max: 1 })).toThrow(/must stay below 2\^31/);
    expect(() => buildCsr2d({ center: px.center, delta: px.delta }, 'no', radial, azimuthal)).toThrow(/px.chi is required in 2D/);
    expect(() => visitContributions1d(px, 'no', radial, 'emit' as never)).toThrow(ArgumentError);
    expect(() => visitContributions2d(px, 'no', radial, azimuthal, undefined as never)).toThrow(/emit must be a function/);
  });
});
