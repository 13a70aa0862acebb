/**
 * The benchmark's geometry and frame: a detector of pyFAI's catalogue (Eiger 4M by default) at
 * 0.1 m with small tilts, and a frame of counts of a few textured powder rings on a background
 * (an integer hash of the pixel index gives the noise, so it is the same on every machine), -1 in
 * the module gaps. The frame lives on shared memory, so the CPU pool reads it without a copy; it
 * is also written to a file for pyFAI (reference.py reads it).
 *
 * @example
 * ```ts
 * const ai = benchmarkIntegrator('Eiger4M');
 * const frame = benchmarkFrame(ai, 7); // Int32Array of 2167 * 2070 counts
 * ```
 * @module
 */
import { AzimuthalIntegrator, detectorFactory } from '@pandaas/integrate';
import { hashUnit } from '../core/inputs.js';

/** The geometry, in PONI terms (metres, radians), given to pandaas and to pyFAI alike. */
export interface BenchGeometry {
  dist: number;
  poni1: number;
  poni2: number;
  rot1: number;
  rot2: number;
  rot3: number;
  wavelength: number;
}

/** The geometry for a detector: the point of normal incidence near its centre, 0.1 m away, tilted a little. @example `benchGeometry([2167, 2070], 75e-6)` */
export function benchGeometry(shape: readonly [number, number], pixel1: number, pixel2: number): BenchGeometry {
  return {
    dist: 0.1,
    poni1: 0.47 * shape[0] * pixel1,
    poni2: 0.52 * shape[1] * pixel2,
    rot1: 0.01,
    rot2: -0.02,
    rot3: 0,
    wavelength: 1e-10,
  };
}

/** A fresh integrator (empty caches) on `detector` with {@link benchGeometry}. @example see the module */
export function benchmarkIntegrator(detector: string): AzimuthalIntegrator {
  const d = detectorFactory(detector);
  return new AzimuthalIntegrator({ ...benchGeometry(d.shape, d.pixel1, d.pixel2), detector: d });
}

const RINGS: readonly [deg: number, height: number][] = [
  [6, 400],
  [9.5, 200],
  [13, 133],
  [17.5, 100],
  [21, 80],
  [26, 67],
];

/** The frame's counts, C order, on shared memory. @example see the module */
export function benchmarkFrame(ai: AzimuthalIntegrator, seed: number): Int32Array {
  const tth = ai.twoTheta();
  const chi = ai.chi();
  const mask = ai.detector.mask();
  const out = new Int32Array(new SharedArrayBuffer(tth.length * 4));
  for (let p = 0; p < tth.length; p++) {
    if (mask !== null && mask[p] !== 0) {
      out[p] = -1;
      continue;
    }
    const deg = (tth[p] * 180) / Math.PI;
    let level = 30 + 200 * Math.exp(-deg / 4);
    RINGS.forEach(([at, height], k) => {
      const x = (deg - at) / 0.08;
      level += height * (1 + 0.3 * Math.cos(2 * chi[p] + k)) * Math.exp(-0.5 * x * x);
    });
    out[p] = Math.floor(level * (0.5 + hashUnit(p, seed)));
  }
  return out;
}
