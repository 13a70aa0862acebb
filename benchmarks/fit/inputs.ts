/**
 * The data of the fit benchmark, made once per run from a seed and handed to the Python side as
 * float64 files, so pandaas, scipy and silx fit the very same numbers: a gaussian on a linear
 * background with Poisson noise (one curve of 2048 points; a batch of curves of 128 points, each
 * with its own start values, as a map's estimates would give), and spectra of 2048 channels for
 * SNIP (peaks on a smooth background, Poisson counts).
 *
 * @example
 * ```ts
 * const single = singleCurve();
 * ```
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gaussian, linear, sum } from '@pandaas/fit';
import { poisson, seeded } from '../../packages/fit/src/batch/testing/curves.js';
import { linspace } from '../../packages/fit/src/testing/finite-difference.js';

/** The benchmark's model: Constant, Slope, Height1, Position1, FWHM1. */
export const MODEL = sum(linear(), gaussian());

/** Curves over one x: values [n, m] row-major, start values [n, 5]. */
export interface Curves {
  n: number;
  m: number;
  x: Float64Array;
  ys: Float64Array;
  p0: Float64Array;
}

function curves(n: number, m: number, seed: number, truth: (r: () => number) => number[]): Curves {
  const random = seeded(seed);
  const x = linspace(0, m - 1, m);
  const ys = new Float64Array(n * m), p0 = new Float64Array(n * 5);
  const f = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(truth(random));
    MODEL.evaluate(x, p, f);
    for (let k = 0; k < m; k++) ys[i * m + k] = poisson(f[k], random);
    // start values as an estimator would give them: background flat, peak 10 % and 2 % off
    p0.set([p[0] * 1.1, 0, p[2] * 0.9, p[3] + 0.02 * p[4], p[4] * 1.1], i * 5);
  }
  return { n, m, x, ys, p0 };
}

/** One curve of 2048 points: a gaussian (height 2000, FWHM 60) on a sloped background. */
export function singleCurve(): Curves {
  return curves(1, 2048, 11, () => [50, 0.02, 2000, 1000, 60]);
}

/** `n` curves of 128 points: gaussians of varying height, position and width on sloped backgrounds. */
export function batchCurves(n: number): Curves {
  return curves(n, 128, 12, (r) => [20 + 10 * r(), 0.05 * r(), 500 + 1500 * r(), 54 + 20 * r(), 8 + 6 * r()]);
}

/** `n` spectra of `m` channels: five peaks on a decaying background, Poisson counts. */
export function snipSpectra(n: number, m = 2048): Float64Array {
  const random = seeded(13);
  const out = new Float64Array(n * m);
  const centres = [300, 620, 900, 1300, 1700];
  for (let s = 0; s < n; s++) {
    const heights = centres.map(() => 100 + 900 * random());
    for (let i = 0; i < m; i++) {
      let v = 40 + 60 * Math.exp(-i / 700);
      for (let p = 0; p < centres.length; p++) v += heights[p] * Math.exp(-2.772588722239781 * ((i - centres[p]) / 12) ** 2);
      out[s * m + i] = poisson(v, random);
    }
  }
  return out;
}

/** Writes `values` as float64 little-endian into `folder/name` and returns the path. */
export function writeFloat64(folder: string, name: string, values: Float64Array): string {
  const path = join(folder, name);
  writeFileSync(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return path;
}
