/**
 * Detectors: pixel size, shape, orientation, module-gap mask and dummy value, as pyFAI describes
 * them (`pyFAI/detectors/_common.py`). Build one with {@link detectorFactory} (pyFAI's names) or
 * {@link Detector.generic}.
 *
 * @example
 * ```ts
 * import { Detector } from '@pandaas/integrate';
 * const det = Detector.generic({ pixel1: 100e-6, pixel2: 100e-6, shape: [1024, 1024] });
 * det.mask(); // null: a generic detector has no gaps
 * ```
 * @module
 */
import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { buildModuleMask, type ModuleLayout } from './module-mask.js';

/**
 * The EXIF orientation of the image (PONI 2.1): where pixel [0, 0] lies. 3 is pyFAI's native one
 * (origin bottom-left seen from the sample); 1, 2 and 4 flip both axes, the rows, or the columns.
 * pyFAI does not support the transposed or rotated orientations 5–8, nor does this package.
 *
 * @example
 * ```ts
 * const orientation: DetectorOrientation = 2;
 * detectorFactory('Eiger4M').withOrientation(orientation);
 * ```
 */
export type DetectorOrientation = 1 | 2 | 3 | 4;

/**
 * A detector model: what pyFAI's detector class fixes (its name, pixel size, shape, modules).
 *
 * @example
 * ```ts
 * findDetectorModel('Pilatus 1M')?.maxShape; // [1043, 981]
 * ```
 */
export interface DetectorModel {
  /** pyFAI's class name (`Pilatus1M`, `Eiger2CdTe_4M`, `Detector` for the generic one). */
  readonly name: string;
  /** pyFAI's other names for it (`Pilatus 1M`, ...). */
  readonly aliases: readonly string[];
  /** The manufacturer, when known. */
  readonly manufacturer?: string;
  /** Pixel size along the slow axis (rows, y), metres; undefined for the generic model. */
  readonly pixel1?: number;
  /** Pixel size along the fast axis (columns, x), metres; undefined for the generic model. */
  readonly pixel2?: number;
  /** The full shape [rows, cols], when the model fixes one. */
  readonly maxShape?: readonly [number, number];
  /** The module layout whose gaps pyFAI masks, for modular detectors. */
  readonly layout?: ModuleLayout;
  /** The value of pixels that do not count (Dectris: -2), and the tolerance around it. */
  readonly dummy?: number;
  /** Pixels within `deltaDummy` of `dummy` are invalid (Dectris: 1.5). */
  readonly deltaDummy?: number;
}

/**
 * What a particular detector may change from its model.
 *
 * @example
 * ```ts
 * const options: DetectorOptions = { shape: [512, 512], orientation: 2 };
 * new Detector(findDetectorModel('Eiger4M')!, options);
 * ```
 */
export interface DetectorOptions {
  /** Pixel size along the slow axis (rows, y), metres. */
  readonly pixel1?: number;
  /** Pixel size along the fast axis (columns, x), metres. */
  readonly pixel2?: number;
  /** The shape [rows, cols]; `null` when unknown (a PONI file may not say). */
  readonly shape?: readonly [number, number] | null;
  /** The module size [rows, cols] of a modular detector. */
  readonly moduleSize?: readonly [number, number];
  /** The image orientation, 3 by default. */
  readonly orientation?: number;
}

function positive(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ArgumentError(`${argument} must be a positive finite number (metres); got ${show(value)}`);
  }
  return value;
}

function shapeOf(value: unknown, argument: string): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ShapeError(`${argument} must be [rows, cols] of positive integers; got ${show(value)}`);
  }
  return Object.freeze([value[0] as number, value[1] as number] as const);
}

/**
 * Checks an orientation: 1–4, or 0 (pyFAI's "unspecified", which means the default 3).
 *
 * @example
 * ```ts
 * checkOrientation(2); // 2
 * ```
 */
function checkOrientation(value: unknown, argument = 'orientation'): DetectorOrientation {
  if (value === 0) return 3;
  if (value === 1 || value === 2 || value === 3 || value === 4) return value;
  if (value === 5 || value === 6 || value === 7 || value === 8) {
    throw new ArgumentError(
      `${argument} ${value} is a transposed or rotated image, which pyFAI does not support (only the flips 1-4); transpose the image to orientation 1-4 first`,
    );
  }
  throw new ArgumentError(`${argument} must be an EXIF orientation 1, 2, 3 or 4; got ${show(value)}`);
}

/**
 * A 2D detector: pixel size (metres; 1 = slow axis, rows, y; 2 = fast axis, columns, x), shape,
 * orientation, the module-gap mask pyFAI computes, and the dummy value of invalid pixels.
 * Immutable; `withShape` and `withOrientation` return new detectors.
 *
 * @example
 * ```ts
 * const det = detectorFactory('Pilatus1M');
 * det.shape;          // [1043, 981]
 * det.mask()?.length; // 1023183
 * ```
 */
export class Detector {
  /** pyFAI's class name: `Pilatus1M`, `Eiger4M`, ..., `Detector` for a generic detector. */
  readonly name: string;
  /** Pixel size along the slow axis (rows, y), metres. */
  readonly pixel1: number;
  /** Pixel size along the fast axis (columns, x), metres. */
  readonly pixel2: number;
  /** The shape [rows, cols], or `null` when unknown (pyFAI's `max_shape`). */
  readonly maxShape: readonly [number, number] | null;
  /** The image orientation (PONI 2.1; 3 is pyFAI's native one). */
  readonly orientation: DetectorOrientation;
  /** The value marking invalid pixels (Dectris: -2, as pyFAI >= 2023 sets it), if any. */
  readonly dummy?: number;
  /** Pixels with |value - dummy| <= deltaDummy are invalid (Dectris: 1.5). */
  readonly deltaDummy?: number;
  /** The module size [rows, cols] of a modular detector. */
  readonly moduleSize?: readonly [number, number];
  /** The model this detector is an instance of. */
  readonly model: DetectorModel;
  #mask: Uint8Array | null | undefined;

  /**
   * A detector of a model, with the options changed. Prefer {@link detectorFactory} or
   * {@link Detector.generic}.
   */
  constructor(model: DetectorModel, options: DetectorOptions = {}) {
    this.model = model;
    this.name = model.name;
    this.pixel1 = positive(options.pixel1 ?? model.pixel1, 'pixel1');
    this.pixel2 = positive(options.pixel2 ?? model.pixel2, 'pixel2');
    const shape = options.shape === undefined ? model.maxShape : options.shape;
    this.maxShape = shape === undefined || shape === null ? null : shapeOf(shape, 'shape');
    this.orientation = checkOrientation(options.orientation ?? 3);
    if (model.layout !== undefined) {
      this.moduleSize = options.moduleSize === undefined ? model.layout.moduleSize : shapeOf(options.moduleSize, 'moduleSize');
    } else if (options.moduleSize !== undefined) {
      throw new ArgumentError(`moduleSize: a ${model.name} detector has no modules; got ${show(options.moduleSize)}`);
    }
    if (model.dummy !== undefined) this.dummy = model.dummy;
    if (model.deltaDummy !== undefined) this.deltaDummy = model.deltaDummy;
  }

  /**
   * A generic detector (pyFAI's `Detector`) of that pixel size and shape, without gaps.
   *
   * @example
   * ```ts
   * Detector.generic({ pixel1: 75e-6, pixel2: 75e-6, shape: [512, 512], orientation: 2 });
   * ```
   */
  static generic(options: {
    pixel1: number;
    pixel2: number;
    shape?: readonly [number, number] | null;
    orientation?: DetectorOrientation;
  }): Detector {
    return new Detector(GENERIC_MODEL, options);
  }

  /**
   * The shape [rows, cols]; throws `ShapeError` when the detector does not know it (a PONI file
   * with `max_shape: null`): give one with `withShape`.
   *
   * @example
   * ```ts
   * const [rows, cols] = detectorFactory('Eiger4M').shape; // 2167, 2070
   * ```
   */
  get shape(): readonly [number, number] {
    if (this.maxShape === null) {
      throw new ShapeError(
        `the ${this.name} detector has no shape (the PONI file did not give one): set it with detector.withShape([rows, cols]) or geometry.withShape([rows, cols])`,
      );
    }
    return this.maxShape;
  }

  /**
   * Whether the shape is known.
   *
   * @example
   * ```ts
   * Detector.generic({ pixel1: 1e-4, pixel2: 1e-4 }).hasShape; // false
   * ```
   */
  get hasShape(): boolean {
    return this.maxShape !== null;
  }

  /**
   * The module-gap mask pyFAI's `calc_mask` computes: 1 = masked, C order, length rows × cols;
   * `null` for detectors without modules. Computed once; do not modify the returned array.
   *
   * @example
   * ```ts
   * const gaps = detectorFactory('Pilatus1M').mask(); // Uint8Array(1043 * 981), 1 in the gaps
   * ```
   */
  mask(): Uint8Array | null {
    if (this.#mask === undefined) {
      const layout = this.model.layout;
      this.#mask =
        layout === undefined ? null : buildModuleMask(this.shape, { ...layout, moduleSize: this.moduleSize ?? layout.moduleSize });
    }
    return this.#mask;
  }

  /**
   * The PONI `Detector_config` JSON object: pyFAI's constructor arguments that differ from the
   * model (a generic detector always lists `pixel1`, `pixel2`, `max_shape`), plus `orientation`.
   *
   * @example
   * ```ts
   * detectorFactory('Eiger4M').config(); // { orientation: 3 }
   * ```
   */
  config(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const model = this.model;
    if (model.pixel1 === undefined || this.pixel1 !== model.pixel1) out.pixel1 = this.pixel1;
    if (model.pixel2 === undefined || this.pixel2 !== model.pixel2) out.pixel2 = this.pixel2;
    const modelShape = model.maxShape ?? null;
    if (model.maxShape === undefined || !sameShape(this.maxShape, modelShape)) {
      out.max_shape = this.maxShape === null ? null : [...this.maxShape];
    }
    if (this.moduleSize !== undefined && model.layout !== undefined && !sameShape(this.moduleSize, model.layout.moduleSize)) {
      out.module_size = [...this.moduleSize];
    }
    out.orientation = this.orientation;
    return out;
  }

  /**
   * The same detector with another shape (pyFAI's `max_shape`); module gaps are then computed for
   * that shape, as pyFAI does.
   *
   * @example
   * ```ts
   * Detector.generic({ pixel1: 1e-4, pixel2: 1e-4 }).withShape([100, 200]).shape; // [100, 200]
   * ```
   */
  withShape(shape: readonly [number, number]): Detector {
    return new Detector(this.model, { ...this.#options(), shape: shapeOf(shape, 'shape') });
  }

  /**
   * The same detector with another image orientation (1–4).
   *
   * @example
   * ```ts
   * detectorFactory('Pilatus1M').withOrientation(2).orientation; // 2
   * ```
   */
  withOrientation(orientation: DetectorOrientation): Detector {
    return new Detector(this.model, { ...this.#options(), orientation: checkOrientation(orientation) });
  }

  #options(): DetectorOptions {
    return {
      pixel1: this.pixel1,
      pixel2: this.pixel2,
      shape: this.maxShape,
      orientation: this.orientation,
      ...(this.moduleSize === undefined ? {} : { moduleSize: this.moduleSize }),
    };
  }
}

function sameShape(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1];
}

/** pyFAI's generic `Detector`: any pixel size and shape, no gaps, no dummy value. */
export const GENERIC_MODEL: DetectorModel = Object.freeze({ name: 'Detector', aliases: [] });
