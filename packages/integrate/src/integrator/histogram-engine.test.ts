import { array, isPandaasError, setPoolSize, shutdownBackends } from '@pandaas/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Detector } from '../detectors/detector.js';
import { Geometry } from '../geometry/geometry.js';
import { azimuthalBins, radialBins } from '../splitting/bins.js';
import type { Bins, Pixels1d, Split } from '../splitting/types.js';
import { visitContributions1d, visitContributions2d } from '../splitting/visit.js';
import { buildCorrections } from './corrections.js';
import type { Accumulators, Corrections, ErrorModel } from './engine.js';
import { createHistogramEngine, type HistogramSplitting } from './histogram-engine.js';

afterEach(() => setPoolSize(undefined));
afterAll(() => shutdownBackends());

// 600 x 700 = 420 000 pixels: two chunks of pixels, each scattered into accumulators of its own
const SHAPE: [number, number] = [600, 700];
const PIXELS = SHAPE[0] * SHAPE[1];
const geometry = new Geometry({
  dist: 0.1, poni1: 0.021, poni2: 0.033, rot1: 0.05, rot2: -0.03, rot3: 0.2, wavelength: 1e-10,
  detector: Detector.generic({ pixel1: 75e-6, pixel2: 75e-6, shape: SHAPE }),
});

/** A frame of counts with a few NaN, infinite and dummy (-2) pixels; 7 % of the pixels masked. */
function problem(errorModel: ErrorModel): { raw: Float32Array; mask: Uint8Array; c: Corrections } {
  const raw = new Float32Array(PIXELS);
  const mask = new Uint8Array(PIXELS);
  for (let p = 0; p < PIXELS; p++) {
    const h = Math.imul(p ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
    raw[p] = h % 997 === 0 ? NaN : h % 991 === 0 ? Infinity : h % 983 === 0 ? -2 : (h % 400) + 1;
    mask[p] = h % 100 < 7 ? 1 : 0;
  }
  const c = buildCorrections({
    pixels: PIXELS,
    masks: [mask],
    solidAngle: geometry.solidAngle(),
    polarization: geometry.polarization(0.95),
    dark: Float32Array.from({ length: PIXELS }, (_, p) => (p % 7) * 0.25),
    ...(errorModel === 'variance' ? { variance: Float32Array.from({ length: PIXELS }, (_, p) => 1 + (p % 13)) } : {}),
    normalizationFactor: 2,
    dummy: -2,
    deltaDummy: 0.1,
    errorModel,
  });
  return { raw, mask, c };
}

function pixelsFor(split: Split, mask: Uint8Array, withChi: boolean): Pixels1d {
  const unit = '2th_deg';
  return {
    center: geometry.center(unit),
    ...(split === 'bbox' ? { delta: geometry.delta(unit) } : {}),
    ...(split === 'full' ? { corners: geometry.corners(unit) } : {}),
    ...(withChi && split !== 'full' ? { chi: geometry.chi() } : {}),
    ...(withChi && split === 'bbox' ? { chiDelta: geometry.chiDelta() } : {}),
    mask,
  };
}

function expectClose(got: Accumulators, want: Accumulators, rel: number): void {
  for (const key of ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const) {
    const g = got[key];
    const w = want[key];
    expect(g.length, key).toBe(w.length);
    let nonZero = 0;
    for (let i = 0; i < w.length; i++) {
      if (w[i] !== 0) nonZero++;
      const tol = rel * Math.abs(w[i]);
      if (!(Math.abs(g[i] - w[i]) <= tol)) expect.fail(`${key}[${i}]: got ${g[i]}, want ${w[i]} (tolerance ${tol})`);
    }
    if (key !== 'variance') expect(nonZero, key).toBeGreaterThan(w.length / 2);
  }
}

function expectIdentical(got: Accumulators, want: Accumulators): void {
  for (const key of ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const) {
    expect(Array.from(got[key]), key).toEqual(Array.from(want[key]));
  }
}

interface Layout {
  name: string;
  splitting: (px: Pixels1d, split: Split) => HistogramSplitting;
  bins: (s: HistogramSplitting) => number;
  visit: (s: HistogramSplitting) => (emit: (b: number, p: number, w: number) => void) => void;
}

const radial = (px: Pixels1d, split: Split, count: number): Bins => radialBins(px, split, count);
const LAYOUTS: Layout[] = [
  {
    name: '1D',
    splitting: (px, split) => ({ pixels: px, split, radial: radial(px, split, 300) }),
    bins: (s) => s.radial.count,
    visit: (s) => (emit) => visitContributions1d(s.pixels, s.split, s.radial, emit),
  },
  {
    name: '1D with an azimuth range',
    splitting: (px, split) => ({ pixels: px, split, radial: radial(px, split, 300), azimuthRange: [-1, 2] }),
    bins: (s) => s.radial.count,
    visit: (s) => (emit) => visitContributions1d(s.pixels, s.split, s.radial, emit, { azimuthRange: s.azimuthRange! }),
  },
  {
    name: '2D',
    splitting: (px, split) => ({ pixels: px, split, radial: radial(px, split, 100), azimuthal: azimuthalBins(px, split, 36) }),
    bins: (s) => s.radial.count * s.azimuthal!.count,
    visit: (s) => (emit) => visitContributions2d(s.pixels, s.split, s.radial, s.azimuthal!, emit),
  },
];

describe('createHistogramEngine with a splitting (on the pool)', () => {
  for (const split of ['no', 'bbox', 'full'] as const) {
    for (const layout of LAYOUTS) {
      if (split === 'full' && layout.name !== '1D') continue; // full splitting: one layout is enough (its loops are tested by the splitting tests)
      for (const errorModel of ['poisson', 'azimuthal'] as const) {
        it(`${split} ${layout.name}, ${errorModel}: the same sums on 2 threads as on 1, bit for bit, and as a single pass over the contributions (rel 1e-12)`, async () => {
          const { raw, mask, c } = problem(errorModel);
          const frame = array(raw, { shape: SHAPE, backend: 'cpu' });
          const s = layout.splitting(pixelsFor(split, mask, layout.name !== '1D'), split);
          setPoolSize(1);
          const single = await createHistogramEngine(s, c).run(frame);
          setPoolSize(2);
          const engine = createHistogramEngine(s, c);
          const pooled = await engine.run(frame);
          expectIdentical(pooled, single);
          // a second frame through the same accumulators
          expectIdentical(await engine.run(frame), single);
          // the caller's visitor: one pass, one set of accumulators, on this thread
          const reference = await createHistogramEngine(layout.visit(s), layout.bins(s), c).run(frame);
          expectClose(pooled, reference, 1e-12);
        });
      }
    }
  }

  it('merges the chunks of large 2D histograms on the pool too, and starts each frame from zero (bbox, 400 x 360 bins, rel 1e-12)', async () => {
    for (const errorModel of ['poisson', 'azimuthal'] as const) {
      const { raw, mask, c } = problem(errorModel);
      const frame = array(raw, { shape: SHAPE, backend: 'cpu' });
      const px = pixelsFor('bbox', mask, true);
      const s: HistogramSplitting = { pixels: px, split: 'bbox', radial: radial(px, 'bbox', 400), azimuthal: azimuthalBins(px, 'bbox', 360) };
      setPoolSize(1);
      const single = await createHistogramEngine(s, c).run(frame);
      setPoolSize(2);
      const engine = createHistogramEngine(s, c);
      expectIdentical(await engine.run(frame), single);
      expectIdentical(await engine.run(frame), single);
      const reference = await createHistogramEngine((emit) => visitContributions2d(px, 'bbox', s.radial, s.azimuthal!, emit), 400 * 360, c).run(frame);
      expectClose(single, reference, 1e-12);
    }
  });

  it('leaves out what the corrections exclude even when the splitting\'s mask does not, and reads integer frames', async () => {
    const { raw, mask, c } = problem('none');
    const px = pixelsFor('bbox', mask, false);
    const s: HistogramSplitting = { pixels: { ...px, mask: undefined }, split: 'bbox', radial: radial(px, 'bbox', 200) };
    const counts = Int32Array.from(raw, (x) => (Number.isFinite(x) ? x : -2));
    const frame = array(counts, { shape: SHAPE, backend: 'cpu' });
    const got = await createHistogramEngine(s, c).run(frame);
    const want = await createHistogramEngine((emit) => visitContributions1d(px, 'bbox', s.radial, emit), 200, c).run(frame);
    expectClose(got, want, 1e-12);
  });

  it('refuses a bad splitting with typed errors, and runs no more once disposed', async () => {
    const { mask, c } = problem('none');
    const px = pixelsFor('bbox', mask, false);
    const bins = radial(px, 'bbox', 10);
    const cases: [unknown, string, RegExp][] = [
      [null, 'E_ARGUMENT', /splitting must be a HistogramSplitting object/],
      [{ pixels: px, split: 'tiny', radial: bins }, 'E_ARGUMENT', /split must be one of 'no', 'bbox', 'full', got "tiny"/],
      [{ pixels: { center: px.center }, split: 'bbox', radial: bins }, 'E_ARGUMENT', /px.delta is required for bbox splitting/],
      [{ pixels: { center: new Float64Array(5) }, split: 'no', radial: bins }, 'E_SHAPE', /splitting.pixels must hold the 420000 pixels of the corrections; got 5/],
      [{ pixels: px, split: 'bbox', radial: bins, azimuthal: bins, azimuthRange: [0, 1] }, 'E_ARGUMENT', /azimuthRange is for 1D histograms/],
    ];
    for (const [s, code, message] of cases) {
      let caught: unknown;
      try {
        createHistogramEngine(s as HistogramSplitting, c);
      } catch (err) {
        caught = err;
      }
      expect(isPandaasError(caught, code as 'E_SHAPE'), String(caught)).toBe(true);
      expect(String(caught)).toMatch(message);
    }
    const engine = createHistogramEngine({ pixels: px, split: 'bbox', radial: bins }, c);
    engine.dispose();
    await expect(engine.run(array(new Float32Array(PIXELS), { shape: SHAPE }))).rejects.toSatisfy((e) => isPandaasError(e, 'E_DISPOSED'));
  });
});
