import { ArgumentError, NdArray, ShapeError, show, type TypedArray } from '@pandaas/core';
import { azimuthalUnit, radialUnit, type AzimuthalUnit, type RadialUnit, type UnitInfo } from '../units.js';
import { ERROR_MODELS, type ErrorModel } from './engine.js';
import { parseMethod, type Method, type MethodSpec } from './method.js';

/**
 * A per-pixel array given as an option: an NdArray of the detector's shape, or a typed array in C order.
 *
 * @example
 * ```ts
 * const mask: PixelArray = new Uint8Array(rows * cols); // or an NdArray of shape [rows, cols]
 * ```
 */
export type PixelArray = NdArray | TypedArray;

/**
 * Options shared by {@link Integrate1dOptions} and {@link Integrate2dOptions} (pyFAI's `integrate1d_ng` arguments).
 *
 * @example
 * ```ts
 * const common: IntegrateCommonOptions = { unit: '2th_deg', polarizationFactor: 0.99, dummy: -2, deltaDummy: 1.5 };
 * ```
 */
export interface IntegrateCommonOptions {
  /** Radial unit (default `'q_nm^-1'`). */
  unit?: RadialUnit;
  /** [min, max] of the radial bins, in `unit` (default: the data's extent). */
  radialRange?: readonly [number, number];
  /**
   * [min, max] azimuthal angle in degrees, within the geometry's chi range (default: all):
   * [-180, 180], or [0, 360] for an integrator with `chiDiscAtZero` (`ai.with({ chiDiscAtZero: true })`),
   * which a range across 180 degrees needs.
   */
  azimuthRange?: readonly [number, number];
  /** Pixels to leave out (non-zero = masked), combined with the detector's module-gap mask. */
  mask?: PixelArray;
  /**
   * Raw value of invalid pixels, also the value of empty bins. Default: no such check and empty
   * bins 0 (pyFAI 0.21 does not take the detector's dummy value by itself: pass
   * `dummy: ai.detector.dummy, deltaDummy: ai.detector.deltaDummy` for Dectris frames).
   */
  dummy?: number;
  /** A raw value within `deltaDummy` of `dummy` is invalid (default 0: equal). */
  deltaDummy?: number;
  /** Dark current, subtracted from each frame. */
  dark?: PixelArray;
  /** Flat field: the signal is divided by it (a pixel whose flat equals `dummy` is invalid). */
  flat?: PixelArray;
  /** Variance of each pixel (implies the error model `variance`). */
  variance?: PixelArray;
  /** Divide by the relative solid angle cos^3(alpha) of each pixel (default true). */
  correctSolidAngle?: boolean;
  /** Polarization factor in [-1, 1] (0: unpolarized); `null` or absent: no correction. */
  polarizationFactor?: number | null;
  /** The normalization monitor: the signal is divided by it (default 1). */
  normalizationFactor?: number;
  /** Error model (default `'none'`, or `'variance'` when `variance` is given). */
  errorModel?: ErrorModel;
  /** Integration method (default `('bbox', 'csr', 'cpu')`). */
  method?: MethodSpec;
}

/**
 * Options of `AzimuthalIntegrator.integrate1d`.
 *
 * @example
 * ```ts
 * const opts: Integrate1dOptions = { npt: 1000, unit: '2th_deg', errorModel: 'poisson', method: 'bbox' };
 * ```
 */
export interface Integrate1dOptions extends IntegrateCommonOptions {
  /** Number of radial bins. */
  npt: number;
}

/**
 * Options of `AzimuthalIntegrator.integrate2d`.
 *
 * @example
 * ```ts
 * const opts: Integrate2dOptions = { nptRad: 500, nptAzim: 360, unit: 'q_nm^-1', method: 'full' };
 * ```
 */
export interface Integrate2dOptions extends IntegrateCommonOptions {
  /** Number of radial bins. */
  nptRad: number;
  /** Number of azimuthal bins (default 360). */
  nptAzim?: number;
  /** Unit of the azimuthal axis of the result (default `'chi_deg'`). */
  unitAzimuthal?: AzimuthalUnit;
}

/**
 * Validated options, per-pixel arrays as typed arrays of the detector's size.
 *
 * @example
 * ```ts
 * const o: ResolvedOptions = await resolveOptions({ npt: 100 }, 1, [195, 487], false);
 * ```
 */
export interface ResolvedOptions {
  readonly dimension: 1 | 2;
  /** Radial bins. */
  readonly npt: number;
  /** Azimuthal bins (2D; 1 in 1D). */
  readonly nptAzim: number;
  readonly unit: UnitInfo;
  readonly unitAzimuthal: UnitInfo;
  readonly radialRange?: readonly [number, number];
  /** In radians. */
  readonly azimuthRange?: readonly [number, number];
  readonly mask?: Uint8Array;
  readonly dummy?: number;
  readonly deltaDummy?: number;
  readonly dark?: Float32Array;
  readonly flat?: Float32Array;
  readonly variance?: Float32Array;
  readonly correctSolidAngle: boolean;
  readonly polarizationFactor: number | null;
  readonly normalizationFactor: number;
  readonly errorModel: ErrorModel;
  readonly method: Method;
}

const COMMON_KEYS = [
  'unit', 'radialRange', 'azimuthRange', 'mask', 'dummy', 'deltaDummy', 'dark', 'flat', 'variance',
  'correctSolidAngle', 'polarizationFactor', 'normalizationFactor', 'errorModel', 'method',
];
const KEYS_1D = new Set(['npt', ...COMMON_KEYS]);
const KEYS_2D = new Set(['nptRad', 'nptAzim', 'unitAzimuthal', ...COMMON_KEYS]);

function positiveInteger(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ArgumentError(`${argument} must be a positive integer (a number of bins); got ${show(value)}`);
  }
  return value;
}

function finite(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(`${argument} must be a finite number; got ${show(value)}`);
  return value;
}

function range(value: unknown, argument: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw new ArgumentError(`${argument} must be [min, max]; got ${show(value)}`);
  const lo = finite(value[0], `${argument}[0]`);
  const hi = finite(value[1], `${argument}[1]`);
  if (!(lo < hi)) throw new ArgumentError(`${argument} must be increasing ([min, max] with min < max); got ${show(value)}`);
  return [lo, hi];
}

/**
 * The azimuth range in radians. Both ends (degrees) must lie in the geometry's chi range:
 * [-180, 180] by default, [0, 360] with `chiDiscAtZero`.
 */
function azimuthRadians(value: unknown, chiDiscAtZero: boolean): [number, number] {
  const [lo, hi] = range(value, 'options.azimuthRange');
  const [min, max] = chiDiscAtZero ? [0, 360] : [-180, 180];
  if (lo < min || hi > max) {
    throw new ArgumentError(
      `options.azimuthRange must lie within the chi range [${min}, ${max}] degrees of this geometry` +
        `${chiDiscAtZero ? '' : ' (a range across 180 degrees needs chiDiscAtZero: true)'}; got ${show(value)}`,
    );
  }
  return [(lo * Math.PI) / 180, (hi * Math.PI) / 180];
}

/** Copies a per-pixel option into a typed array of `T`, after checking its shape. */
async function pixelArray<T extends Float32Array | Uint8Array>(
  value: unknown,
  shape: readonly [number, number],
  argument: string,
  make: (n: number) => T,
  convert: (v: number) => number,
): Promise<T> {
  const pixels = shape[0] * shape[1];
  let values: ArrayLike<number>;
  if (value instanceof NdArray) {
    if (value.ndim !== 2 || value.shape[0] !== shape[0] || value.shape[1] !== shape[1]) {
      throw new ShapeError(`${argument} must have the detector's shape ${show([...shape])}; got ${show(value.shape)}`);
    }
    values = await value.data();
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    values = value as unknown as ArrayLike<number>;
    if (values.length !== pixels) throw new ShapeError(`${argument} must hold one value per pixel (${shape[0]} x ${shape[1]} = ${pixels}); got ${values.length}`);
  } else {
    throw new ArgumentError(`${argument} must be an NdArray or a typed array of the detector's shape ${show([...shape])}; got ${show(value)}`);
  }
  const out = make(pixels);
  for (let i = 0; i < pixels; i++) out[i] = convert(values[i]);
  return out;
}

const asFloat = (v: number) => v;
const asMask = (v: number) => (v !== 0 ? 1 : 0);

/**
 * Checks integrate1d/integrate2d options against pyFAI's rules and the detector's `shape`, and
 * returns them resolved (defaults filled in, ranges in radians for the azimuth, per-pixel arrays
 * copied). Every bad value is a typed error naming the option and the value: an unknown option
 * (pyFAI's snake_case names included), a non-positive number of bins, an unknown unit, method or
 * error model, a reversed or non-finite range, an array of another shape, NaN scalars.
 *
 * @example
 * ```ts
 * const o = await resolveOptions({ npt: 1000, unit: '2th_deg' }, 1, [1043, 981], false);
 * ```
 */
export async function resolveOptions(
  options: Integrate1dOptions | Integrate2dOptions,
  dimension: 1 | 2,
  shape: readonly [number, number],
  chiDiscAtZero: boolean,
): Promise<ResolvedOptions> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`options must be an object ({ ${dimension === 1 ? 'npt' : 'nptRad'}, ... }); got ${show(options)}`);
  }
  const keys = dimension === 1 ? KEYS_1D : KEYS_2D;
  for (const key of Object.keys(options)) {
    if (!keys.has(key)) throw new ArgumentError(`options.${key} is not an option of integrate${dimension}d; valid options are ${[...keys].join(', ')}`);
  }
  const o = options as Partial<Integrate1dOptions & Integrate2dOptions>;
  const npt = positiveInteger(dimension === 1 ? o.npt : o.nptRad, dimension === 1 ? 'options.npt' : 'options.nptRad');
  const nptAzim = dimension === 1 ? 1 : positiveInteger(o.nptAzim ?? 360, 'options.nptAzim');
  const unit = radialUnit(o.unit ?? 'q_nm^-1', 'options.unit');
  const unitAzimuthal = azimuthalUnit(o.unitAzimuthal ?? 'chi_deg', 'options.unitAzimuthal');
  const method = parseMethod(o.method, 'options.method');
  if (o.correctSolidAngle !== undefined && typeof o.correctSolidAngle !== 'boolean') {
    throw new ArgumentError(`options.correctSolidAngle must be true or false; got ${show(o.correctSolidAngle)}`);
  }
  let polarizationFactor: number | null = null;
  if (o.polarizationFactor !== undefined && o.polarizationFactor !== null) {
    polarizationFactor = finite(o.polarizationFactor, 'options.polarizationFactor');
    if (polarizationFactor < -1 || polarizationFactor > 1) throw new ArgumentError(`options.polarizationFactor must be in [-1, 1] (or null: no correction); got ${polarizationFactor}`);
  }
  const normalizationFactor = o.normalizationFactor === undefined ? 1 : finite(o.normalizationFactor, 'options.normalizationFactor');
  if (normalizationFactor === 0) throw new ArgumentError('options.normalizationFactor must not be 0 (the signal is divided by it)');
  const dummy = o.dummy === undefined ? undefined : finite(o.dummy, 'options.dummy');
  let deltaDummy: number | undefined;
  if (o.deltaDummy !== undefined) {
    deltaDummy = finite(o.deltaDummy, 'options.deltaDummy');
    if (deltaDummy < 0) throw new ArgumentError(`options.deltaDummy must be >= 0; got ${deltaDummy}`);
    if (dummy === undefined) throw new ArgumentError(`options.deltaDummy (${deltaDummy}) needs options.dummy`);
  }
  let errorModel: ErrorModel = o.variance === undefined ? 'none' : 'variance';
  if (o.errorModel !== undefined) {
    if (!ERROR_MODELS.includes(o.errorModel)) {
      throw new ArgumentError(`options.errorModel must be one of ${ERROR_MODELS.map((m) => show(m)).join(', ')}; got ${show(o.errorModel)}`);
    }
    errorModel = o.errorModel;
  }
  if (errorModel === 'variance' && o.variance === undefined) throw new ArgumentError('options.errorModel "variance" needs options.variance');
  if (errorModel !== 'variance' && o.variance !== undefined) {
    throw new ArgumentError(`options.variance is only used by the error model "variance"; got errorModel ${show(errorModel)}`);
  }
  const radialRange = o.radialRange === undefined ? undefined : range(o.radialRange, 'options.radialRange');
  const azimuthRange = o.azimuthRange === undefined ? undefined : azimuthRadians(o.azimuthRange, chiDiscAtZero);
  const f32 = (n: number) => new Float32Array(n);
  const u8 = (n: number) => new Uint8Array(n);
  return {
    dimension,
    npt,
    nptAzim,
    unit,
    unitAzimuthal,
    ...(radialRange === undefined ? {} : { radialRange }),
    ...(azimuthRange === undefined ? {} : { azimuthRange }),
    ...(o.mask === undefined ? {} : { mask: await pixelArray(o.mask, shape, 'options.mask', u8, asMask) }),
    ...(dummy === undefined ? {} : { dummy }),
    ...(deltaDummy === undefined ? {} : { deltaDummy }),
    ...(o.dark === undefined ? {} : { dark: await pixelArray(o.dark, shape, 'options.dark', f32, asFloat) }),
    ...(o.flat === undefined ? {} : { flat: await pixelArray(o.flat, shape, 'options.flat', f32, asFloat) }),
    ...(o.variance === undefined ? {} : { variance: await pixelArray(o.variance, shape, 'options.variance', f32, asFloat) }),
    correctSolidAngle: o.correctSolidAngle ?? true,
    polarizationFactor,
    normalizationFactor,
    errorModel,
    method,
  };
}
