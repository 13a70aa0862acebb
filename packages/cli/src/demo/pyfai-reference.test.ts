/**
 * The demo against pyFAI 0.21 on the bundled LaB6 scan (fixture: scripts/fixtures/demo/ssrl_lab6.py):
 * pyFAI evaluates the goniometer model stored in the file and integrates each frame with the
 * demo's options; the demo's geometry, bins and pattern near the peak must be pyFAI's, and the
 * same fitter run on both patterns must put the peak at the same 2θ. What this adds to
 * @pandaas/integrate's own validation: the demo's reading of the goniometer model, its mask,
 * range and bin rule, and the end result, the peak positions.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDemoData } from './data-origin.js';
import { fitPeaks, fitWindow, patternPoints } from './fit-peaks.js';
import { integrateFrame, type FramePattern } from './integrate-frame.js';
import { readScan } from './scan.js';

interface ReferenceFrame {
  label: string;
  position: number;
  geometry: Record<'dist' | 'poni1' | 'poni2' | 'rot1' | 'rot2' | 'rot3' | 'wavelength', number>;
  negativePixels: number;
  span: [number, number];
  npt: number;
  first: number;
  radial: number[];
  intensity: number[];
  sigma: number[];
  count: number[];
}

const reference = JSON.parse(readFileSync(new URL('./__fixtures__/ssrl-lab6-pyfai.json', import.meta.url), 'utf8')) as { frames: ReferenceFrame[] };
let patterns: FramePattern[];

beforeAll(async () => {
  const scan = await readScan(findDemoData()!);
  patterns = [];
  for (const frame of scan.frames) patterns.push(await integrateFrame(frame, 'cpu'));
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('pandaas demo against pyFAI 0.21', () => {
  it('reads the same frames and arm positions', () => {
    expect(patterns.map((p) => p.frame.label)).toEqual(reference.frames.map((f) => f.label));
    expect(patterns.map((p) => p.frame.position)).toEqual(reference.frames.map((f) => f.position));
    expect(patterns.map((p) => p.maskedPixels)).toEqual(reference.frames.map((f) => f.negativePixels));
  });

  it("evaluates the goniometer model as pyFAI's Goniometer.get_ai does (1e-12 relative; both are float64 arithmetic)", () => {
    patterns.forEach(({ frame }, k) => {
      const ref = reference.frames[k]!.geometry;
      for (const key of ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3'] as const) expect(relative(frame.geometry[key], ref[key]), `${frame.label} ${key}`).toBeLessThanOrEqual(1e-12);
      expect(relative(frame.integrator.wavelength!, ref.wavelength)).toBeLessThanOrEqual(1e-12);
    });
  });

  it("bins each frame as pyFAI does: same span (1e-9°), same number of bins, bin centres to 1e-12", () => {
    patterns.forEach((p, k) => {
      const ref = reference.frames[k]!;
      expect(Math.abs(p.span[0] - ref.span[0])).toBeLessThan(1e-9);
      expect(Math.abs(p.span[1] - ref.span[1])).toBeLessThan(1e-9);
      expect(p.options.npt).toBe(ref.npt);
      ref.radial.forEach((r, i) => expect(relative(p.result.radial[ref.first + i]!, r)).toBeLessThan(1e-12));
    });
  });

  it("integrates the bins around each peak as pyFAI does (intensity and sigma 1e-6 relative, pixel counts 1e-9)", () => {
    // @pandaas/integrate's bbox splitting matches pyFAI's per bin to 2e-7 on real frames (docs/integrate.md)
    patterns.forEach((p, k) => {
      const ref = reference.frames[k]!;
      ref.intensity.forEach((v, i) => {
        const j = ref.first + i;
        expect(relative(p.result.intensity[j]!, v)).toBeLessThan(1e-6);
        expect(relative(p.result.sigma![j]!, ref.sigma[i]!)).toBeLessThan(1e-6);
        expect(relative(p.result.count[j]!, ref.count[i]!)).toBeLessThan(1e-9);
      });
    });
  });

  it("puts each peak where the same fit of pyFAI's pattern puts it (5e-8°)", () => {
    // a relative change ε of the intensities moves a fitted centre by about ε times the FWHM
    // (0.03°): 1e-6 · 0.03° = 3e-8°
    patterns.forEach((p, k) => {
      const ref = reference.frames[k]!;
      const peaks = fitPeaks(patternPoints(p.result.radial, p.result.intensity, p.result.sigma!));
      expect(peaks).toHaveLength(1);
      const [lo, hi] = peaks[0]!.window;
      expect(ref.radial[0]!).toBeLessThan(lo);
      expect(ref.radial.at(-1)!).toBeGreaterThan(hi);
      const theirs = fitWindow(patternPoints(ref.radial, ref.intensity, ref.sigma), lo, hi).result('Position1');
      expect(Math.abs(peaks[0]!.position.value - theirs.fitted)).toBeLessThan(5e-8);
      expect(relative(peaks[0]!.position.sigma, theirs.sigma)).toBeLessThan(1e-4);
    });
  });
});
