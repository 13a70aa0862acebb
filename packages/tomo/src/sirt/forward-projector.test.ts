import { ArgumentError, DisposedError, ShapeError, setPoolSize } from '@pandaas/core';
import { afterAll, describe, expect, it } from 'vitest';
import { Backprojector } from '../backproject/backprojector.js';
import { parallelGeometry, type GeometryOptions } from '../backproject/geometry.js';
import { fixtureArray, fixtureJson } from '../center/testing/data.js';
import { ellipsePhantom } from '../center/testing/phantom.js';
import { ForwardProjector } from './forward-projector.js';

/** Seeded uniform values in [-1, 1). */
function random(n: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

describe('ForwardProjector: the transpose of the Backprojector', () => {
  // random angles over a full turn, plus the exact ones where t falls on pixel centres or edges
  const angles = [0, Math.PI / 2, Math.PI, ...Array.from(random(45, 7), (u) => (u + 1) * Math.PI)];
  const cases: [string, number, GeometryOptions][] = [
    ['astra centre, default size, even detector', 64, {}],
    ['skimage centre, odd detector', 37, { center: 'skimage', size: 37 }],
    ['off-centre axis 20.3, image larger than the detector', 48, { center: 20.3, size: 60 }],
    ['circle, skimage centre', 64, { center: 'skimage', circle: true }],
    ['circle, odd size, axis 30.6', 61, { center: 30.6, size: 45, circle: true }],
  ];

  it.each(cases)('<A x, y> = <x, A^T y> to float32 precision: %s', async (_, nDet, options) => {
    const g = parallelGeometry(angles, nDet, options);
    const fp = new ForwardProjector(g);
    const bp = await Backprojector.create(g);
    for (const seed of [1, 2]) {
      const x = random(g.size * g.size, seed);
      const y = random(g.nAngles * nDet, seed + 10);
      const ax = await fp.run(x, 1);
      const aty = await bp.run(y, 1);
      const left = dot(ax, y);
      const right = dot(x, aty);
      // both sides are sums of ~1e5 float32-rounded terms of either sign: compare with the scale of the terms
      const scale = norm(ax) * norm(y);
      expect(Math.abs(left - right) / scale).toBeLessThan(1e-8); // measured <= 2e-9
    }
    bp.dispose();
  });

  it('keeps the mass: every angle sums to the image total when every pixel lands on the detector', async () => {
    const g = parallelGeometry(angles, 64, { size: 40 }); // the image's diagonal (57 px) fits in 64
    const image = ellipsePhantom(40);
    const sino = await new ForwardProjector(g).run(image, 1);
    const total = dot(image, new Float32Array(image.length).fill(1));
    for (let a = 0; a < g.nAngles; a++) {
      expect(dot(sino.subarray(a * 64, (a + 1) * 64), new Float32Array(64).fill(1)) / total).toBeCloseTo(1, 6);
    }
  });

  it('a point at (x, y) lands at center + (x - cx) cos θ - (y - cy) sin θ, split linearly', async () => {
    const g = parallelGeometry([0, Math.PI / 2, Math.PI / 6], 21, { center: 10.25, size: 11 });
    const image = new Float32Array(121);
    image[2 * 11 + 7] = 1; // row 2, column 7: (x - cx, y - cy) = (2, -3)
    const sino = await new ForwardProjector(g).run(image, 1);
    const expected = [10.25 + 2, 10.25 + 3, 10.25 + 2 * Math.cos(Math.PI / 6) + 3 * Math.sin(Math.PI / 6)];
    expected.forEach((t, a) => {
      const row = sino.subarray(a * 21, (a + 1) * 21);
      const i = Math.floor(t);
      expect(row[i]).toBeCloseTo(1 - (t - i), 6);
      expect(row[i + 1]).toBeCloseTo(t - i, 6);
      expect(dot(row, row)).toBeCloseTo((1 - (t - i)) ** 2 + (t - i) ** 2, 6);
    });
  });

  it('matches skimage radon (circle=True) on its Shepp-Logan phantom within 2 % (L2); mirrored angles do not', async () => {
    const meta = fixtureJson<{ size: number; anglesDegrees: number[] }>('sirt', 'sirt.json');
    const phantom = fixtureArray('sirt', 'phantom.f32.gz');
    const reference = fixtureArray('sirt', 'sinogram.f32.gz');
    const radians = meta.anglesDegrees.map((d) => (d * Math.PI) / 180);
    const difference = async (list: number[]) => {
      const sino = await new ForwardProjector(parallelGeometry(list, meta.size, { center: 'skimage', size: meta.size })).run(phantom, 1);
      return norm(sino.map((v, i) => v - reference[i])) / norm(reference);
    };
    expect(await difference(radians)).toBeLessThan(0.02);
    expect(await difference(radians.map((t) => -t))).toBeGreaterThan(0.1);
  });

  afterAll(() => setPoolSize(undefined));
  it('gives the same values on the pool (2 threads), on one thread, and slice by slice in a batch', async () => {
    const g = parallelGeometry(Array.from({ length: 90 }, (_, i) => (i * Math.PI) / 90), 96, { size: 80, circle: true });
    const fp = new ForwardProjector(g);
    const images = random(2 * 80 * 80, 3);
    setPoolSize(2);
    const pooled = Float32Array.from(await fp.run(images, 2));
    setPoolSize(1);
    const single = await fp.run(images, 2);
    expect(pooled).toEqual(single);
    const second = await fp.run(images.slice(80 * 80), 1);
    expect(single.subarray(90 * 96)).toEqual(second);
  });

  it('bad input', async () => {
    const g = parallelGeometry([0, 1], 8, { size: 4 });
    const fp = new ForwardProjector(g);
    expect(() => new ForwardProjector({} as never)).toThrow(/geometry must come from parallelGeometry\(\)/);
    await expect(fp.run(new Float64Array(16) as never, 1)).rejects.toThrow(/images must be a Float32Array/);
    await expect(fp.run(new Float32Array(16), 0)).rejects.toThrow(/nSlices must be a positive integer; got 0/);
    await expect(fp.run(new Float32Array(15), 1)).rejects.toThrow(ShapeError);
    await expect(fp.run(new Float32Array(16), 1, { out: new Float32Array(15) })).rejects.toThrow(/options.out must hold at least nSlices x nAngles x nDet = 16 values; got 15/);
    await expect(fp.run(new Float32Array(16), 1, { out: [] as never })).rejects.toThrow(ArgumentError);
    const out = new Float32Array(16);
    expect(await fp.run(new Float32Array(16).fill(1), 1, { out })).toBe(out);
    fp.dispose();
    await expect(fp.run(new Float32Array(16), 1)).rejects.toThrow(DisposedError);
  });
});
