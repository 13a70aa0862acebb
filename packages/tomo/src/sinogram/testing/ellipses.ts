/**
 * Exact parallel-beam sinograms of ellipse and Gaussian-blob phantoms, for tests (not published): the line
 * integral of each ellipse along the ray t = x·cosθ − y·sinθ (x to the right, y the row offset
 * downward, both from the rotation axis), sampled at detector pixel centres.
 *
 * @example
 * ```ts
 * const sino = ellipseSinogram(PHANTOM, angles, 128, 63.5); // [angles.length, 128]
 * ```
 * @module
 */

/** One ellipse: centre (x, y) in pixels from the axis, semi-axes a, b, rotation φ (radians), density. */
export interface Ellipse {
  readonly x: number;
  readonly y: number;
  readonly a: number;
  readonly b: number;
  readonly phi: number;
  readonly density: number;
}

/** An asymmetric phantom of radius ~40 px: a body, two holes, a dense insert off the axis. */
export const PHANTOM: readonly Ellipse[] = [
  { x: 0, y: 0, a: 40, b: 32, phi: 0.3, density: 0.02 },
  { x: -14, y: 6, a: 9, b: 5, phi: -0.4, density: -0.012 },
  { x: 12, y: -10, a: 6, b: 6, phi: 0, density: -0.008 },
  { x: 18, y: 14, a: 4, b: 2.5, phi: 1.1, density: 0.05 },
];

/**
 * The sinogram `[angles.length, nDet]` of the ellipses, the axis at detector position `center`
 * (pixel centres at 0, 1, …, nDet − 1).
 *
 * @example
 * ```ts
 * ellipseSinogram(PHANTOM, [0, Math.PI / 2], 100, 49.5);
 * ```
 */
export function ellipseSinogram(ellipses: readonly Ellipse[], angles: ArrayLike<number>, nDet: number, center: number): Float64Array {
  const out = new Float64Array(angles.length * nDet);
  for (let i = 0; i < angles.length; i++) {
    const theta = angles[i];
    for (const e of ellipses) {
      const t0 = e.x * Math.cos(theta) - e.y * Math.sin(theta);
      const s2 = (e.a * Math.cos(theta + e.phi)) ** 2 + (e.b * Math.sin(theta + e.phi)) ** 2;
      for (let u = 0; u < nDet; u++) {
        const d = u - center - t0;
        if (d * d < s2) out[i * nDet + u] += (2 * e.density * e.a * e.b * Math.sqrt(s2 - d * d)) / s2;
      }
    }
  }
  return out;
}

/** One isotropic 2-D Gaussian blob: centre (x, y) in pixels from the axis, width σ (pixels), peak value. */
export interface Blob {
  readonly x: number;
  readonly y: number;
  readonly sigma: number;
  readonly peak: number;
}

/** Smooth blobs, none on the rotation axis, for tests where sharp edges would dominate. */
export const BLOBS: readonly Blob[] = [
  { x: 14, y: -6, sigma: 14, peak: 0.012 },
  { x: -20, y: 10, sigma: 9, peak: 0.02 },
  { x: 6, y: 24, sigma: 6, peak: 0.03 },
  { x: -8, y: -22, sigma: 11, peak: 0.015 },
];

/**
 * The exact sinogram `[angles.length, nDet]` of Gaussian blobs (each projects to
 * `peak·√(2π)·σ·exp(−(t − t0)²/(2σ²))`), the axis at detector position `center`.
 *
 * @example
 * ```ts
 * blobSinogram(BLOBS, angles, 128, 63.5);
 * ```
 */
export function blobSinogram(blobs: readonly Blob[], angles: ArrayLike<number>, nDet: number, center: number): Float64Array {
  const out = new Float64Array(angles.length * nDet);
  for (let i = 0; i < angles.length; i++) {
    for (const b of blobs) {
      const t0 = b.x * Math.cos(angles[i]) - b.y * Math.sin(angles[i]);
      for (let u = 0; u < nDet; u++) {
        const d = u - center - t0;
        out[i * nDet + u] += b.peak * Math.sqrt(2 * Math.PI) * b.sigma * Math.exp(-(d * d) / (2 * b.sigma * b.sigma));
      }
    }
  }
  return out;
}
