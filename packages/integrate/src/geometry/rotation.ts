/**
 * pyFAI's detector rotations (`Geometry.rotation_matrix`, `quaternion`,
 * `set_rot_from_quaternion`): R = R3·R2·R1, with rot1 (about axis 1, vertical) and rot2 (about
 * axis 2, horizontal) left-handed and rot3 (about the beam) right-handed. A pixel at (p1, p2) from
 * the PONI, at distance L, lies at t = R·(p1, p2, L) from the sample.
 *
 * @example
 * ```ts
 * import { rotationMatrix } from '@pandaas/integrate';
 * rotationMatrix(0, 0, Math.PI / 2); // [0, -1, 0, 1, 0, 0, 0, 0, 1] (rounded)
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

/**
 * A 3×3 matrix, row-major.
 *
 * @example
 * ```ts
 * const m: Matrix3 = rotationMatrix(0.1, 0, 0);
 * const t3 = m[6] * p1 + m[7] * p2 + m[8] * dist;
 * ```
 */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];
/**
 * A unit quaternion [w, x, y, z] in the right-handed (1, 2, 3) basis.
 *
 * @example
 * ```ts
 * const q: Quaternion = rotationQuaternion(0.1, 0.2, 0.3);
 * ```
 */
export type Quaternion = readonly [number, number, number, number];

function finite(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${argument} must be a finite number (radians); got ${show(value)}`);
  }
  return value;
}

/**
 * The rotation matrix R = R3·R2·R1 of pyFAI's three detector rotations (radians), row-major:
 * row k gives t_k = R[k,0]·p1 + R[k,1]·p2 + R[k,2]·L.
 *
 * @example
 * ```ts
 * rotationMatrix(0.1, 0.2, 0.3)[8]; // cos(0.1)·cos(0.2)
 * ```
 */
export function rotationMatrix(rot1: number, rot2: number, rot3: number): Matrix3 {
  const c1 = Math.cos(finite(rot1, 'rot1'));
  const s1 = Math.sin(rot1);
  const c2 = Math.cos(finite(rot2, 'rot2'));
  const s2 = Math.sin(rot2);
  const c3 = Math.cos(finite(rot3, 'rot3'));
  const s3 = Math.sin(rot3);
  return [
    c2 * c3, c3 * s1 * s2 - c1 * s3, -(c1 * c3 * s2 + s1 * s3),
    c2 * s3, c1 * c3 + s1 * s2 * s3, -(c1 * s2 * s3 - c3 * s1),
    s2, -c2 * s1, c1 * c2,
  ];
}

/**
 * The quaternion of pyFAI's rotations, as pyFAI's `Geometry.quaternion()` gives it
 * (`quaternion_from_euler(-rot1, -rot2, rot3, axes="sxyz")`).
 *
 * @example
 * ```ts
 * rotationQuaternion(0, 0, 0); // [1, 0, 0, 0]
 * ```
 */
export function rotationQuaternion(rot1: number, rot2: number, rot3: number): Quaternion {
  const hx = -finite(rot1, 'rot1') / 2;
  const hy = -finite(rot2, 'rot2') / 2;
  const hz = finite(rot3, 'rot3') / 2;
  const cx = Math.cos(hx), sx = Math.sin(hx);
  const cy = Math.cos(hy), sy = Math.sin(hy);
  const cz = Math.cos(hz), sz = Math.sin(hz);
  return [
    cx * cy * cz + sx * sy * sz,
    sx * cy * cz - cx * sy * sz,
    cx * sy * cz + sx * cy * sz,
    cx * cy * sz - sx * sy * cz,
  ];
}

/**
 * The rotations [rot1, rot2, rot3] (radians) of a quaternion [w, x, y, z], as pyFAI's
 * `set_rot_from_quaternion` computes them; the quaternion need not be normalised.
 *
 * @example
 * ```ts
 * rotationsFromQuaternion(rotationQuaternion(0.1, 0.2, 0.3)); // [0.1, 0.2, 0.3] (rounded)
 * ```
 */
export function rotationsFromQuaternion(q: Quaternion): [number, number, number] {
  if (!Array.isArray(q) || q.length !== 4 || !q.every((v) => Number.isFinite(v))) {
    throw new ArgumentError(`q must be a quaternion [w, x, y, z] of finite numbers; got ${show(q)}`);
  }
  const norm2 = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3];
  if (!(norm2 > 0)) throw new ArgumentError(`q must not be the zero quaternion; got ${show(q)}`);
  const n = 2 / norm2;
  const [w, x, y, z] = q;
  // rotation matrix of the quaternion (static x, y, z axes)
  const m00 = 1 - n * (y * y + z * z);
  const m10 = n * (x * y + z * w);
  const m20 = n * (x * z - y * w);
  const m21 = n * (y * z + x * w);
  const m22 = 1 - n * (x * x + y * y);
  const cy = Math.sqrt(m00 * m00 + m10 * m10);
  let ax: number, az: number;
  if (cy > 4 * Number.EPSILON) {
    ax = Math.atan2(m21, m22);
    az = Math.atan2(m10, m00);
  } else {
    const m11 = 1 - n * (x * x + z * z);
    const m12 = n * (y * z - x * w);
    ax = Math.atan2(-m12, m11);
    az = 0;
  }
  const ay = Math.atan2(-m20, cy);
  return [-ax, -ay, az];
}
