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

/** A seeded uniform generator in [0, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row-major `width` x `height` float32 frame (see the module notes); the same for the same seed. */
export function ringsFrame(width: number, height: number, seed: number): Float32Array {
  const random = uniform(seed);
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
      frame[r * width + c] = v + Math.sqrt(v) * (random() - 0.5) * 2;
    }
  }
  for (let k = 0; k < 400; k++) frame[Math.floor(random() * height) * width + Math.floor(random() * width)] = 2e4 + 1e5 * random();
  // Eiger 4M-like module gaps (37 rows after every 514, 10 columns after every 1030) and dead pixels
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) if (r % 551 >= 514 || c % 1040 >= 1030) frame[r * width + c] = NaN;
  }
  for (let k = 0; k < 500; k++) frame[Math.floor(random() * width * height)] = NaN;
  return frame;
}
