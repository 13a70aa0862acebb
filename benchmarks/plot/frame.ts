/**
 * The synthetic frame of the plot benchmark: an Eiger 4M-sized (2167 x 2070) float32 powder
 * pattern — rings on a background, a few hundred one-pixel Bragg spots, Poisson-like noise —
 * with NaN in the module gaps and at scattered dead pixels.
 *
 * @example
 * ```ts
 * const frame = ringsFrame(2070, 2167, 7); // Float32Array(4 484 890)
 * ```
 * @module
 */
import { Rng } from '../../packages/core/src/testing/rng.js';

/** Row-major `width` x `height` float32 frame (see the module notes); the same for the same seed. */
export function ringsFrame(width: number, height: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const frame = new Float32Array(width * height);
  const cx = width * 0.47;
  const cy = height * 0.53;
  const radii = [180, 260, 330, 455, 520, 610, 700, 790, 905, 1010];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const d = Math.hypot(c - cx, r - cy);
      let v = 20 + 4000 / (1 + d / 40);
      for (let k = 0; k < radii.length; k++) {
        const x = (d - radii[k]) / 2.5;
        if (x > -8 && x < 8) v += (600 / (k + 1)) * Math.exp(-x * x);
      }
      frame[r * width + c] = v + Math.sqrt(v) * (rng.next() - 0.5) * 2;
    }
  }
  for (let k = 0; k < 400; k++) frame[Math.floor(rng.next() * height) * width + Math.floor(rng.next() * width)] = 2e4 + 1e5 * rng.next();
  // Eiger 4M-like module gaps (37 rows after every 514, 10 columns after every 1030) and dead pixels
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) if (r % 551 >= 514 || c % 1040 >= 1030) frame[r * width + c] = NaN;
  }
  for (let k = 0; k < 500; k++) frame[Math.floor(rng.next() * width * height)] = NaN;
  return frame;
}
