/**
 * A small asymmetric test object for the projector and centre tests: ellipses of different
 * densities, off the image centre so that a wrong orientation or a wrong axis shows.
 * @module
 */

/** [cx, cy, a, b, angle (rad), value], in units of the image half-width, y downward. */
const ELLIPSES: readonly (readonly number[])[] = [
  [0, 0, 0.62, 0.5, 0, 1],
  [-0.25, -0.1, 0.18, 0.3, 0.4, 0.8],
  [0.3, 0.2, 0.12, 0.08, 0, 1.5],
  [0.05, -0.35, 0.1, 0.05, -0.3, 2],
  [0.28, -0.18, 0.05, 0.05, 0, -0.5],
];

/**
 * A `size × size` float32 image of {@link ELLIPSES} (summed where they overlap), scaled by
 * `scale` and centred on pixel `(size − 1) / 2`.
 */
export function ellipsePhantom(size: number, scale = 1): Float32Array {
  const out = new Float32Array(size * size);
  const half = ((size - 1) / 2) * scale;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x - (size - 1) / 2) / half;
      const v = (y - (size - 1) / 2) / half;
      let value = 0;
      for (const [cx, cy, a, b, angle, density] of ELLIPSES) {
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        const du = (u - cx) * c + (v - cy) * s;
        const dv = -(u - cx) * s + (v - cy) * c;
        if ((du / a) ** 2 + (dv / b) ** 2 <= 1) value += density;
      }
      out[y * size + x] = value;
    }
  }
  return out;
}
