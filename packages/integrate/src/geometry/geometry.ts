/**
 * The experiment geometry as pyFAI defines it (`pyFAI/geometry.py`): a detector at distance
 * `dist` from the sample, its point of normal incidence (`poni1`, `poni2`) and three rotations,
 * and the per-pixel arrays derived from it (2θ, χ, q, r, solid angle, polarization, pixel
 * corners), each computed once per instance and cached.
 *
 * Conventions (pyFAI's): axis 1 = y (rows, slow, up), axis 2 = x (columns, fast), axis 3 along
 * the beam; the centre of pixel (i, j) is at ((i + 0.5)·pixel1, (j + 0.5)·pixel2) for
 * orientation 3 (PONI 2.1 orientations 1, 2, 4 flip the index mapping as pyFAI 2024 does); χ is
 * in [-π, π] (atan2's range, pyFAI's "[-π, π)"), or [0, 2π) with `chiDiscAtZero`. Pixel
 * positions are rounded to float32 where pyFAI 0.21 rounds them (see `positions.ts`), and
 * corners are float32 values, as pyFAI stores them.
 *
 * @example
 * ```ts
 * import { Geometry, detectorFactory } from '@pandaas/integrate';
 * const geo = new Geometry({ dist: 0.1, poni1: 0.09, poni2: 0.08, wavelength: 1e-10, detector: detectorFactory('Pilatus1M') });
 * const tth = geo.twoTheta(); // Float64Array(1043 * 981), radians
 * const q = geo.center('q_A^-1');
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { Detector } from '../detectors/detector.js';
import { radialUnit, type RadialUnit } from '../units.js';
import {
  chiDeltaKernel,
  cosCubedKernel,
  deltaKernel,
  radialKernel,
  scatterCorners,
  type RadialSpace,
} from './kernels.js';
import { formatPoni, parsePoni, type PoniVersion } from './poni.js';
import { axisPositions, type PositionMode } from './positions.js';
import { rotationMatrix, rotationQuaternion, type Matrix3, type Quaternion } from './rotation.js';

/**
 * The parameters of a {@link Geometry}: metres and radians.
 *
 * @example
 * ```ts
 * const params: GeometryParams = { dist: 0.1, poni1: 0.05, poni2: 0.06, rot1: 0.01, wavelength: 1e-10, detector: detectorFactory('Pilatus1M') };
 * new Geometry(params);
 * ```
 */
export interface GeometryParams {
  /** Sample to detector-plane distance (orthogonal, not along the beam), > 0. */
  readonly dist: number;
  /** Point of normal incidence along the slow axis (rows, y). */
  readonly poni1: number;
  /** Point of normal incidence along the fast axis (columns, x). */
  readonly poni2: number;
  /** Rotation about axis 1 (vertical), left-handed; 0 by default. */
  readonly rot1?: number;
  /** Rotation about axis 2 (horizontal), left-handed; 0 by default. */
  readonly rot2?: number;
  /** Rotation about axis 3 (the beam), right-handed; 0 by default. */
  readonly rot3?: number;
  /** Wavelength (needed for q and d*²). */
  readonly wavelength?: number;
  /** The detector. */
  readonly detector: Detector;
  /** χ in [0, 2π) instead of [-π, π) (pyFAI's `setChiDiscAtZero`). */
  readonly chiDiscAtZero?: boolean;
}

const TWO_PI = 2 * Math.PI;

function finite(value: unknown, argument: string, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${argument} must be a finite number (${unit}); got ${show(value)}`);
  }
  return value;
}

/**
 * An immutable experiment geometry with cached per-pixel arrays (C order [rows, cols],
 * Float64Array). The arrays it returns are shared by later calls: do not modify them.
 *
 * @example
 * ```ts
 * const geo = Geometry.fromPoni(text, 'calib.poni').withShape([1679, 1475]);
 * const [tth, chi] = [geo.twoTheta(), geo.chi()];
 * const pol = geo.polarization(0.99);
 * ```
 */
export class Geometry {
  /** Sample to detector-plane distance, metres. */
  readonly dist: number;
  /** Point of normal incidence along the slow axis (rows, y), metres. */
  readonly poni1: number;
  /** Point of normal incidence along the fast axis (columns, x), metres. */
  readonly poni2: number;
  /** Rotation about axis 1 (vertical), radians, left-handed. */
  readonly rot1: number;
  /** Rotation about axis 2 (horizontal), radians, left-handed. */
  readonly rot2: number;
  /** Rotation about axis 3 (the beam), radians, right-handed. */
  readonly rot3: number;
  /** Wavelength in metres, when known. */
  readonly wavelength: number | undefined;
  /** The detector. */
  readonly detector: Detector;
  /** Whether χ is in [0, 2π) rather than [-π, π). */
  readonly chiDiscAtZero: boolean;
  readonly #arrays = new Map<string, Float64Array | Float32Array>();
  readonly #grids = new Map<string, Float32Array>();

  constructor(params: GeometryParams) {
    if (params === null || typeof params !== 'object') throw new ArgumentError(`params must be an object; got ${show(params)}`);
    this.dist = finite(params.dist, 'dist', 'metres');
    if (!(this.dist > 0)) throw new ArgumentError(`dist must be positive (metres); got ${show(params.dist)}`);
    this.poni1 = finite(params.poni1, 'poni1', 'metres');
    this.poni2 = finite(params.poni2, 'poni2', 'metres');
    this.rot1 = finite(params.rot1 ?? 0, 'rot1', 'radians');
    this.rot2 = finite(params.rot2 ?? 0, 'rot2', 'radians');
    this.rot3 = finite(params.rot3 ?? 0, 'rot3', 'radians');
    if (params.wavelength !== undefined && !(finite(params.wavelength, 'wavelength', 'metres') > 0)) {
      throw new ArgumentError(`wavelength must be positive (metres); got ${show(params.wavelength)}`);
    }
    this.wavelength = params.wavelength;
    if (!(params.detector instanceof Detector)) throw new ArgumentError(`detector must be a Detector; got ${show(params.detector)}`);
    this.detector = params.detector;
    if (params.chiDiscAtZero !== undefined && typeof params.chiDiscAtZero !== 'boolean') {
      throw new ArgumentError(`chiDiscAtZero must be a boolean; got ${show(params.chiDiscAtZero)}`);
    }
    this.chiDiscAtZero = params.chiDiscAtZero ?? false;
  }

  /**
   * The geometry of a PONI file (v1, v2, v2.1); throws `PoniError` for a bad file.
   *
   * @example
   * ```ts
   * const geo = Geometry.fromPoni(readFileSync('calib.poni', 'utf8'), 'calib.poni');
   * ```
   */
  static fromPoni<T extends Geometry>(this: new (params: GeometryParams) => T, text: string, source?: string): T {
    return new this(parsePoni(text, source));
  }

  /**
   * This geometry as a PONI file: version 2.1 by default, 2 or 1 on request when they can
   * represent it (`ArgumentError` otherwise).
   *
   * @example
   * ```ts
   * Geometry.fromPoni(geo.toPoni()); // the same geometry
   * ```
   */
  toPoni(version: PoniVersion = 2.1): string {
    const { dist, poni1, poni2, rot1, rot2, rot3, wavelength, detector } = this;
    return formatPoni({ version, detector, dist, poni1, poni2, rot1, rot2, rot3, ...(wavelength === undefined ? {} : { wavelength }) }, version);
  }

  /**
   * A new geometry with some parameters changed (and an empty cache), of the same class (a
   * subclass's constructor must take {@link GeometryParams}).
   *
   * @example
   * ```ts
   * geo.with({ chiDiscAtZero: true, wavelength: 0.7e-10 });
   * ```
   */
  with(changes: Partial<GeometryParams>): this {
    const Class = this.constructor as new (params: GeometryParams) => this;
    return new Class({ ...this.#params(), ...changes });
  }

  /**
   * The same geometry on a detector of that shape (for PONI files that do not give one).
   *
   * @example
   * ```ts
   * geo.withShape([2167, 2070]).shape; // [2167, 2070]
   * ```
   */
  withShape(shape: readonly [number, number]): this {
    return this.with({ detector: this.detector.withShape(shape) });
  }

  /**
   * The detector shape [rows, cols] (`ShapeError` when the detector has none).
   *
   * @example
   * ```ts
   * const [rows, cols] = geo.shape;
   * ```
   */
  get shape(): readonly [number, number] {
    return this.detector.shape;
  }

  /**
   * pyFAI's rotation matrix R = R3·R2·R1 (row-major).
   *
   * @example
   * ```ts
   * geo.rotationMatrix()[8]; // cos(rot1)·cos(rot2)
   * ```
   */
  rotationMatrix(): Matrix3 {
    return rotationMatrix(this.rot1, this.rot2, this.rot3);
  }

  /**
   * pyFAI's quaternion [w, x, y, z] of the rotations (`Geometry.quaternion()`).
   *
   * @example
   * ```ts
   * new Geometry({ dist: 1, poni1: 0, poni2: 0, detector }).quaternion(); // [1, 0, 0, 0]
   * ```
   */
  quaternion(): Quaternion {
    return rotationQuaternion(this.rot1, this.rot2, this.rot3);
  }

  /**
   * 2θ of every pixel centre, radians (pyFAI's `twoThetaArray`). Computed with χ in one pass.
   *
   * @example
   * ```ts
   * geo.twoTheta()[0];
   * ```
   */
  twoTheta(): Float64Array {
    return this.#cached('tth', () => this.#centers().tth);
  }

  /**
   * χ of every pixel centre, radians, in [-π, π] or [0, 2π) (pyFAI's `chiArray`).
   *
   * @example
   * ```ts
   * geo.chi()[0];
   * ```
   */
  chi(): Float64Array {
    return this.#cached('chi', () => this.#centers().chi);
  }

  /**
   * r, the distance of every pixel centre to the beam in the plane normal to it, in metres
   * (pyFAI's `rArray`) or millimetres (`'mm'`, pyFAI's `r_mm`).
   *
   * @example
   * ```ts
   * geo.r()[0];     // metres
   * geo.r('mm')[0]; // millimetres
   * ```
   */
  r(unit: 'm' | 'mm' = 'm'): Float64Array {
    if (unitOf(unit, ['m', 'mm']) === 'mm') return this.center('r_mm');
    return this.#cached('r', () => {
      const out = new Float64Array(this.#size());
      const [p1, p2] = this.#axes('center32');
      radialKernel(p1, p2, this.dist, this.rotationMatrix(), 'r', undefined, false, out, null);
      return out;
    });
  }

  /**
   * q = 4π/λ·sin(2θ/2) of every pixel centre, in nm⁻¹ (pyFAI's `qArray`) or Å⁻¹ (`'A^-1'`,
   * pyFAI's `q_A^-1`); `ArgumentError` without a wavelength.
   *
   * @example
   * ```ts
   * geo.q()[0];        // nm⁻¹
   * geo.q('A^-1')[0];  // Å⁻¹
   * ```
   */
  q(unit: 'nm^-1' | 'A^-1' = 'nm^-1'): Float64Array {
    if (unitOf(unit, ['nm^-1', 'A^-1']) === 'A^-1') return this.center('q_A^-1');
    return this.#cached('q', () => {
      const factor = (4e-9 * Math.PI) / this.#wavelength('q');
      const tth = this.twoTheta();
      const out = new Float64Array(tth.length);
      for (let k = 0; k < tth.length; k++) out[k] = factor * Math.sin(tth[k] / 2);
      return out;
    });
  }

  /**
   * The d-spacing 2π/q of every pixel centre, nm; `ArgumentError` without a wavelength.
   *
   * @example
   * ```ts
   * geo.d()[0];
   * ```
   */
  d(): Float64Array {
    return this.#cached('d', () => {
      const q = this.q();
      const out = new Float64Array(q.length);
      for (let k = 0; k < q.length; k++) out[k] = TWO_PI / q[k];
      return out;
    });
  }

  /**
   * The solid angle of every pixel: relative cos³α (pyFAI's default, 1 at the PONI), or absolute
   * (steradians) pixel1·pixel2/dist²·cos³α, α being the incidence angle.
   *
   * @example
   * ```ts
   * geo.solidAngle();     // relative
   * geo.solidAngle(true); // steradians
   * ```
   */
  solidAngle(absolute = false): Float64Array {
    if (typeof absolute !== 'boolean') throw new ArgumentError(`absolute must be a boolean; got ${show(absolute)}`);
    const relative = this.#cached('solidAngle', () => {
      const out = new Float64Array(this.#size());
      const [p1, p2] = this.#axes('center32');
      cosCubedKernel(p1, p2, this.dist, out);
      return out;
    });
    if (!absolute) return relative;
    return this.#cached('solidAngleAbsolute', () => {
      const factor = (this.detector.pixel1 * this.detector.pixel2) / (this.dist * this.dist);
      return relative.map((v) => factor * v);
    });
  }

  /**
   * pyFAI's polarization correction P = ½[1 + cos²2θ − f·cos(2(χ + offset))·(1 − cos²2θ)] for a
   * polarization factor f in [-1, 1] (0 unpolarized, 1 horizontal, -1 vertical) and the angle
   * `axisOffset` (radians) between the polarization axis and the detector's x axis.
   *
   * @example
   * ```ts
   * geo.polarization(0.99);
   * ```
   */
  polarization(factor: number, axisOffset = 0): Float64Array {
    if (typeof factor !== 'number' || !(factor >= -1 && factor <= 1)) {
      throw new ArgumentError(`factor must be a polarization factor in [-1, 1]; got ${show(factor)}`);
    }
    finite(axisOffset, 'axisOffset', 'radians');
    return this.#cached(`polarization:${factor}:${axisOffset}`, () => {
      const tth = this.twoTheta();
      const chi = this.chi();
      const out = new Float64Array(tth.length);
      for (let k = 0; k < tth.length; k++) {
        const c = Math.cos(tth[k]);
        const cos2 = c * c;
        out[k] = 0.5 * (1 + cos2 - factor * Math.cos(2 * (chi[k] + axisOffset)) * (1 - cos2));
      }
      return out;
    });
  }

  /**
   * The radial position of every pixel centre in `unit` (pyFAI's
   * `array_from_unit(typ="center")`).
   *
   * @example
   * ```ts
   * geo.center('2th_deg');
   * ```
   */
  center(unit: RadialUnit): Float64Array {
    const info = radialUnit(unit);
    const base = this.#baseCenter(info.space as RadialSpace);
    if (info.scale === 1) return base;
    return this.#cached(`center:${info.name}`, () => base.map((v) => v * info.scale));
  }

  /**
   * pyFAI's radial delta array in `unit`: for every pixel, the largest |corner − centre| over its
   * 4 corners (corners as float32, as pyFAI stores them), the half-width used by bbox splitting.
   *
   * @example
   * ```ts
   * geo.delta('q_nm^-1');
   * ```
   */
  delta(unit: RadialUnit): Float64Array {
    const info = radialUnit(unit);
    const space = info.space as RadialSpace;
    return this.#cached(`delta:${info.name}`, () => {
      const [rows, cols] = this.shape;
      // pyFAI's deltaRd2 compares with center_array, which uses double-precision positions
      const center = space === 'd*2' ? this.#d2Center64() : this.#baseCenter(space);
      const out = new Float64Array(rows * cols);
      deltaKernel(this.#radialGrid(space), center, rows, cols, info.scale, out);
      return out;
    });
  }

  /**
   * pyFAI's χ delta array (radians): for every pixel, the largest angular distance between its
   * centre and its corners, modulo 2π (pixels across the χ discontinuity are not 2π wide).
   *
   * @example
   * ```ts
   * geo.chiDelta();
   * ```
   */
  chiDelta(): Float64Array {
    return this.#cached('chiDelta', () => {
      const [rows, cols] = this.shape;
      const out = new Float64Array(rows * cols);
      chiDeltaKernel(this.#chiGrid('corner64'), this.chi(), rows, cols, out);
      return out;
    });
  }

  /**
   * pyFAI's corner array [rows, cols, 4, 2]: for each pixel, its corners A (i, j), B (i + 1, j),
   * C (i + 1, j + 1), D (i, j + 1) as (radial position in `unit`, χ in radians), a Float32Array
   * as `corner_array(unit)` returns it (pyFAI computes the corners in float32; half the memory of
   * float64, 288 MB for an Eiger 4M).
   *
   * @example
   * ```ts
   * const c = geo.corners('2th_deg');
   * c[(k * 4 + 2) * 2]; // 2θ (deg) of corner C of pixel k
   * ```
   */
  corners(unit: RadialUnit): Float32Array {
    const info = radialUnit(unit);
    return this.#cached(`corners:${info.name}`, () => {
      const [rows, cols] = this.shape;
      const space = info.space as RadialSpace;
      const out = new Float32Array(rows * cols * 8);
      scatterCorners(this.#radialGrid(space), this.#chiGrid(cornerMode(space)), rows, cols, info.scale, out);
      return out;
    });
  }

  #params(): GeometryParams {
    const { dist, poni1, poni2, rot1, rot2, rot3, wavelength, detector, chiDiscAtZero } = this;
    return { dist, poni1, poni2, rot1, rot2, rot3, detector, chiDiscAtZero, ...(wavelength === undefined ? {} : { wavelength }) };
  }

  #cached<T extends Float64Array | Float32Array>(key: string, compute: () => T): T {
    let value = this.#arrays.get(key) as T | undefined;
    if (value === undefined) {
      value = compute();
      this.#arrays.set(key, value);
    }
    return value;
  }

  #size(): number {
    const [rows, cols] = this.shape;
    return rows * cols;
  }

  #wavelength(what: string): number {
    if (this.wavelength === undefined) {
      throw new ArgumentError(`${what} needs the wavelength, which this geometry does not have: set it with geometry.with({ wavelength })`);
    }
    return this.wavelength;
  }

  /** Positions along both axes, relative to the PONI, with the orientation's flips. */
  #axes(mode: PositionMode): [Float64Array, Float64Array] {
    const [rows, cols] = this.shape;
    const o = this.detector.orientation;
    return [
      axisPositions(rows, this.detector.pixel1, this.poni1, o === 1 || o === 2, mode),
      axisPositions(cols, this.detector.pixel2, this.poni2, o === 1 || o === 4, mode),
    ];
  }

  #centers(): { tth: Float64Array; chi: Float64Array } {
    const n = this.#size();
    const tth = new Float64Array(n);
    const chi = new Float64Array(n);
    const [p1, p2] = this.#axes('center32');
    radialKernel(p1, p2, this.dist, this.rotationMatrix(), '2th', undefined, this.chiDiscAtZero, tth, chi);
    this.#arrays.set('tth', tth);
    this.#arrays.set('chi', chi);
    return { tth, chi };
  }

  #baseCenter(space: RadialSpace): Float64Array {
    switch (space) {
      case '2th':
        return this.twoTheta();
      case 'q':
        return this.q();
      case 'r':
        return this.r();
      case 'd*2':
        return this.#cached('d*2', () => this.q().map((q) => (q / TWO_PI) ** 2));
    }
  }

  #d2Center64(): Float64Array {
    const out = new Float64Array(this.#size());
    const [p1, p2] = this.#axes('center64');
    radialKernel(p1, p2, this.dist, this.rotationMatrix(), 'd*2', this.#wavelength('d*2'), false, out, null);
    return out;
  }

  /** The radial values at the (rows + 1) × (cols + 1) pixel corners, float32 like pyFAI's. */
  #radialGrid(space: RadialSpace): Float32Array {
    return this.#gridOf(`rad:${space}`, (out) => {
      const wavelength = space === 'q' || space === 'd*2' ? this.#wavelength(space) : undefined;
      const [p1, p2] = this.#axes(cornerMode(space));
      radialKernel(p1, p2, this.dist, this.rotationMatrix(), space, wavelength, false, out, null);
    });
  }

  /** χ at the (rows + 1) × (cols + 1) pixel corners, float32 like pyFAI's. */
  #chiGrid(mode: PositionMode): Float32Array {
    return this.#gridOf(`chi:${mode}`, (out) => {
      const [p1, p2] = this.#axes(mode);
      radialKernel(p1, p2, this.dist, this.rotationMatrix(), 'r', undefined, this.chiDiscAtZero, null, out);
    });
  }

  #gridOf(key: string, fill: (out: Float32Array) => void): Float32Array {
    let grid = this.#grids.get(key);
    if (grid === undefined) {
      const [rows, cols] = this.shape;
      grid = new Float32Array((rows + 1) * (cols + 1));
      fill(grid);
      this.#grids.set(key, grid);
    }
    return grid;
  }
}

/** `unit` if it is one of `valid`, else an ArgumentError naming it. */
function unitOf<T extends string>(unit: unknown, valid: readonly T[]): T {
  if (!valid.includes(unit as T)) throw new ArgumentError(`unit must be ${valid.map((v) => show(v)).join(' or ')}; got ${show(unit)}`);
  return unit as T;
}

/** pyFAI 0.21 computes d*² corners from float32 corner positions (no fast path), the others in double. */
function cornerMode(space: RadialSpace): PositionMode {
  return space === 'd*2' ? 'corner32' : 'corner64';
}
