import { array, type NdArray } from '@pandaas/core';
import packageJson from '../../package.json' with { type: 'json' };
import type { AzimuthalUnit, RadialUnit, UnitInfo } from '../units.js';
import type { Accumulators, ErrorModel } from './engine.js';
import { formatMethod, type Method } from './method.js';

/**
 * A field of an NXdata description (structurally io-nexus' `NxField`).
 *
 * @example
 * ```ts
 * result.toNxData().signal; // { name: 'I', data: NdArray, longName: 'Intensity' }
 * ```
 */
export interface NxFieldDescription {
  readonly name: string;
  readonly data: NdArray;
  readonly units?: string;
  readonly longName?: string;
}

/**
 * An axis of an NXdata description (structurally io-nexus' `NxAxis`).
 *
 * @example
 * ```ts
 * result.toNxData().axes[0]; // { name: '2th', data: Float64Array, units: 'deg', longName: ... }
 * ```
 */
export interface NxAxisDescription {
  readonly name: string;
  readonly data: Float64Array;
  readonly units?: string;
  readonly longName?: string;
}

/**
 * A result as a NeXus NXdata group, structurally io-nexus' `NxDataDescription`: pass it to
 * `writeNxData`.
 *
 * @example
 * ```ts
 * await writeNxData(writer, '/entry/result', result.toNxData());
 * ```
 */
export interface NxDataOfResult {
  readonly signal: NxFieldDescription;
  readonly errors?: NdArray;
  readonly axes: readonly NxAxisDescription[];
  readonly title: string;
  readonly interpretation: 'spectrum' | 'image';
}

/**
 * What produced a result, structurally io-nexus' `NxProcessDescription`: pass it to
 * `writeNxProcess`.
 *
 * @example
 * ```ts
 * await writeNxProcess(writer, '/entry/process', result.toNxProcess());
 * ```
 */
export interface NxProcessOfResult {
  readonly program: string;
  readonly version: string;
  readonly parameters: Readonly<Record<string, string | number>>;
}

/**
 * The settings a result records besides its numbers.
 *
 * @example
 * ```ts
 * new Integrate1dResult(radial, sums, { unit: radialUnit('q_nm^-1'), method, errorModel: 'none', polarizationFactor: null, normalizationFactor: 1, empty: 0, poni });
 * ```
 */
export interface ResultSettings {
  /** The radial unit of the bins. */
  readonly unit: UnitInfo;
  /** The method that made the sums. */
  readonly method: Method;
  /** The error model of the sums (`none`: no sigma, sem or std). */
  readonly errorModel: ErrorModel;
  /** The polarization factor applied, or null. */
  readonly polarizationFactor: number | null;
  /** The normalization factor applied. */
  readonly normalizationFactor: number;
  /** Value of empty bins: `dummy` if given, else 0 (pyFAI 0.21). */
  readonly empty: number;
  /** The geometry as PONI text. */
  readonly poni: string;
}

/** intensity = signal/normalization, sem = sqrt(variance)/normalization, std = sqrt(variance/normalization2); empty bins (count 0) get `empty`. */
function derive(acc: Accumulators, errors: boolean, empty: number): { intensity: Float64Array; sem: Float64Array | null; std: Float64Array | null } {
  const n = acc.signal.length;
  const intensity = new Float64Array(n);
  const sem = errors ? new Float64Array(n) : null;
  const std = errors ? new Float64Array(n) : null;
  for (let b = 0; b < n; b++) {
    const filled = acc.count[b] > 0;
    const norm = acc.normalization[b];
    intensity[b] = filled ? acc.signal[b] / norm : empty;
    if (sem && std) {
      sem[b] = filled ? Math.sqrt(acc.variance[b]) / norm : empty;
      std[b] = filled ? Math.sqrt(acc.variance[b] / acc.normalization2[b]) : empty;
    }
  }
  return { intensity, sem, std };
}

function axisName(unit: UnitInfo): string {
  return unit.space === 'd*2' ? 'dstar2' : unit.space;
}

/** The numbers and settings common to 1D and 2D results (pyFAI's result fields). */
abstract class IntegrateResult {
  /** Mean corrected intensity per bin (`sumSignal / sumNormalization`; empty bins: `dummy` or 0). */
  readonly intensity: Float64Array;
  /** Standard error of the mean (`sem`); `null` with the error model `none`. */
  readonly sigma: Float64Array | null;
  /** Standard error of the mean: sqrt(sumVariance) / sumNormalization. */
  readonly sem: Float64Array | null;
  /** Standard deviation of the pixels: sqrt(sumVariance / sumNormalization2). */
  readonly std: Float64Array | null;
  /** Sum of c.(raw - dark) per bin. */
  readonly sumSignal: Float64Array;
  /** Sum of c^2.variance per bin (the azimuthal model: sum of weighted squared deviations). */
  readonly sumVariance: Float64Array;
  /** Sum of c.norm per bin. */
  readonly sumNormalization: Float64Array;
  /** Sum of (c.norm)^2 per bin. */
  readonly sumNormalization2: Float64Array;
  /** Sum of c (the number of pixels, split ones counted by their fraction) per bin. */
  readonly count: Float64Array;
  /** The radial unit. */
  readonly unit: RadialUnit;
  /** The method used. */
  readonly method: Method;
  /** The error model used. */
  readonly errorModel: ErrorModel;
  /** The polarization factor, or null (no correction). */
  readonly polarizationFactor: number | null;
  /** The normalization factor. */
  readonly normalizationFactor: number;
  /** The geometry, as PONI text. */
  readonly poni: string;
  protected readonly unitInfo: UnitInfo;

  protected constructor(acc: Accumulators, s: ResultSettings) {
    const { intensity, sem, std } = derive(acc, s.errorModel !== 'none', s.empty);
    this.intensity = intensity;
    this.sigma = sem;
    this.sem = sem;
    this.std = std;
    this.sumSignal = acc.signal;
    this.sumVariance = acc.variance;
    this.sumNormalization = acc.normalization;
    this.sumNormalization2 = acc.normalization2;
    this.count = acc.count;
    this.unit = s.unit.name as RadialUnit;
    this.unitInfo = s.unit;
    this.method = s.method;
    this.errorModel = s.errorModel;
    this.polarizationFactor = s.polarizationFactor;
    this.normalizationFactor = s.normalizationFactor;
    this.poni = s.poni;
  }

  /** The radial axis as an NXdata axis. */
  protected radialAxis(radial: Float64Array): NxAxisDescription {
    return { name: axisName(this.unitInfo), data: radial, units: this.unitInfo.symbol, longName: this.unitInfo.label };
  }

  /** The signal (and its errors) as NXdata fields of that shape. */
  protected signalFields(shape: number[]): { signal: NxFieldDescription; errors?: NdArray } {
    const signal = { name: 'I', data: array(this.intensity, { shape, backend: 'cpu' }), longName: 'Intensity' };
    return this.sigma === null ? { signal } : { signal, errors: array(this.sigma, { shape, backend: 'cpu' }) };
  }

  /** Parameters common to 1D and 2D for {@link toNxProcess}. */
  protected parameters(): Record<string, string | number> {
    return {
      poni: this.poni,
      method: formatMethod(this.method),
      unit: this.unit,
      error_model: this.errorModel,
      normalization_factor: this.normalizationFactor,
      ...(this.polarizationFactor === null ? {} : { polarization_factor: this.polarizationFactor }),
    };
  }

  /**
   * What produced this result, for io-nexus' `writeNxProcess`: program `pandaas`, the package
   * version, and the parameters (the PONI text, the method, the unit, the bins, the error model,
   * the factors).
   *
   * @example
   * ```ts
   * await writeNxProcess(w, '/entry/integrate', result.toNxProcess());
   * ```
   */
  abstract toNxProcess(): NxProcessOfResult;

  /**
   * The result as an NXdata group for io-nexus' `writeNxData`: signal `I` with its errors
   * (sigma), and the axes with their units.
   *
   * @example
   * ```ts
   * await writeNxData(w, '/entry/integrate/result', result.toNxData(), { setDefault: true });
   * ```
   */
  abstract toNxData(): NxDataOfResult;
}

/**
 * A 1D integration result, with pyFAI's fields: radial bin centres, intensity, sigma (= sem),
 * std, the five sums, the unit, method, error model and factors.
 *
 * @example
 * ```ts
 * const r = await ai.integrate1d(frame, { npt: 1000, errorModel: 'poisson' });
 * console.log(r.radial[0], r.intensity[0], r.sigma?.[0]);
 * ```
 */
export class Integrate1dResult extends IntegrateResult {
  /** Bin centres, in {@link unit}. */
  readonly radial: Float64Array;

  /** Builds a result from the engine's sums (used by the integration plans). */
  constructor(radial: Float64Array, acc: Accumulators, settings: ResultSettings) {
    super(acc, settings);
    this.radial = radial;
  }

  /**
   * The pattern as NXdata: signal `I` [npt] with its errors, one radial axis with its units.
   *
   * @example
   * ```ts
   * await writeNxData(w, '/entry/pattern', result.toNxData());
   * ```
   */
  toNxData(): NxDataOfResult {
    return {
      ...this.signalFields([this.radial.length]),
      axes: [this.radialAxis(this.radial)],
      title: `Azimuthal integration, ${this.radial.length} bins in ${this.unit}`,
      interpretation: 'spectrum',
    };
  }

  /**
   * What produced the pattern: program, version, PONI, method, unit, error model, factors, `npt`.
   *
   * @example
   * ```ts
   * result.toNxProcess().parameters.method; // 'bbox-csr-cpu'
   * ```
   */
  toNxProcess(): NxProcessOfResult {
    return { program: 'pandaas', version: packageJson.version, parameters: { ...this.parameters(), npt: this.radial.length } };
  }
}

/**
 * A 2D (radial x azimuthal) integration result: the per-bin arrays are [nptAzim, nptRad] in C
 * order (azimuth-major, as pyFAI's), `radial` and `azimuthal` the bin centres.
 *
 * @example
 * ```ts
 * const r = await ai.integrate2d(frame, { nptRad: 500, nptAzim: 360 });
 * const [nAzim, nRad] = r.shape;
 * console.log(r.intensity[10 * nRad + 20], r.azimuthal[10], r.radial[20]);
 * ```
 */
export class Integrate2dResult extends IntegrateResult {
  /** Radial bin centres, in {@link unit}. */
  readonly radial: Float64Array;
  /** Azimuthal bin centres, in {@link azimuthalUnit}. */
  readonly azimuthal: Float64Array;
  /** The unit of {@link azimuthal}. */
  readonly azimuthalUnit: AzimuthalUnit;
  /** [nptAzim, nptRad]. */
  readonly shape: readonly [number, number];
  readonly #azimuthalInfo: UnitInfo;

  /** Builds a result from the engine's sums (used by the integration plans). */
  constructor(radial: Float64Array, azimuthal: Float64Array, azimuthalUnit: UnitInfo, acc: Accumulators, settings: ResultSettings) {
    super(acc, settings);
    this.radial = radial;
    this.azimuthal = azimuthal;
    this.azimuthalUnit = azimuthalUnit.name as AzimuthalUnit;
    this.#azimuthalInfo = azimuthalUnit;
    this.shape = Object.freeze([azimuthal.length, radial.length]) as readonly [number, number];
  }

  /**
   * The map as NXdata: signal `I` [nptAzim, nptRad] with its errors, axes `chi` and radial with
   * their units.
   *
   * @example
   * ```ts
   * await writeNxData(w, '/entry/cake', result.toNxData(), { setDefault: true });
   * ```
   */
  toNxData(): NxDataOfResult {
    const a = this.#azimuthalInfo;
    return {
      ...this.signalFields([...this.shape]),
      axes: [{ name: 'chi', data: this.azimuthal, units: a.symbol, longName: a.label }, this.radialAxis(this.radial)],
      title: `Azimuthal integration, ${this.shape[0]} x ${this.shape[1]} bins in ${this.azimuthalUnit} x ${this.unit}`,
      interpretation: 'image',
    };
  }

  /**
   * What produced the map: as for 1D, with `npt_rad`, `npt_azim` and `unit_azimuthal`.
   *
   * @example
   * ```ts
   * result.toNxProcess().parameters.npt_azim; // 360
   * ```
   */
  toNxProcess(): NxProcessOfResult {
    return {
      program: 'pandaas',
      version: packageJson.version,
      parameters: { ...this.parameters(), npt_rad: this.shape[1], npt_azim: this.shape[0], unit_azimuthal: this.azimuthalUnit },
    };
  }
}
