import { ArgumentError, BackendError, isPandaasError, type NdArray, show } from '@pandaas/core';
import { Geometry } from '../geometry/geometry.js';
import { azimuthalBins, binCenters, radialBins } from '../splitting/bins.js';
import { buildCsr1d, buildCsr2d } from '../splitting/csr.js';
import type { Bins, Csr, Pixels1d } from '../splitting/types.js';
import { checksum } from './checksum.js';
import { buildCorrections } from './corrections.js';
import { createCpuEngine } from './cpu-engine.js';
import type { Accumulators, Corrections, Engine } from './engine.js';
import { createHistogramEngine, type HistogramSplitting } from './histogram-engine.js';
import { resolveOptions, type Integrate1dOptions, type Integrate2dOptions, type ResolvedOptions } from './options.js';
import { checkFrame, IntegrationPlan } from './plan.js';
import { Integrate1dResult, Integrate2dResult, type ResultSettings } from './results.js';
import type { RadialUnit } from '../units.js';

/** Plans kept per integrator (least recently used dropped first). */
const PLAN_CACHE_SIZE = 4;
/** Sparse matrices kept per integrator, shared by plans that differ only in their corrections. */
const MATRIX_CACHE_SIZE = 2;

/** detector mask | user mask, or undefined when neither masks anything. */
function combineMasks(detector: Uint8Array | null, user: Uint8Array | undefined): Uint8Array | undefined {
  if (detector === null) return user;
  if (user === undefined) return detector;
  const out = new Uint8Array(user.length);
  for (let p = 0; p < out.length; p++) out[p] = detector[p] | user[p];
  return out;
}

/** Moves `key` to the most recent end of a Map used as an LRU list. */
function touch<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}

/**
 * pyFAI's `AzimuthalIntegrator`: a {@link Geometry} that integrates detector frames into 1D
 * patterns (`integrate1d`, pyFAI's `integrate1d_ng`) and 2D radial x azimuthal maps
 * (`integrate2d`), with pyFAI's preprocessing (dark, flat, solid angle, polarization,
 * normalization, masks, dummy values), error models and results. The sparse matrix and the static
 * corrections are built once per set of options and kept (a few per integrator); `plan1d` and
 * `plan2d` hand such a plan out, to integrate a stream of frames with nothing else to do.
 *
 * Differences from pyFAI 0.21, all on purpose: a user mask is combined with the detector's
 * module-gap mask (pyFAI replaces it); an infinite dark or norm excludes the pixel; the azimuthal
 * error model skips frame-invalid pixels (pyFAI 0.21 lets them turn the bin's variance into NaN).
 *
 * @example
 * ```ts
 * import { AzimuthalIntegrator } from '@pandaas/integrate';
 * const ai = AzimuthalIntegrator.fromPoni(poniText, 'LaB6.poni');
 * const r = await ai.integrate1d(frame, { npt: 1000, unit: '2th_deg', errorModel: 'poisson' });
 * const map = await ai.integrate2d(frame, { nptRad: 500, nptAzim: 360, method: 'full' });
 * ```
 */
export class AzimuthalIntegrator extends Geometry {
  readonly #plans = new Map<string, Promise<IntegrationPlan>>();
  readonly #matrices = new Map<string, Csr>();
  /** Plans given to the caller by plan1d/plan2d: the caller disposes them. */
  readonly #handedOut = new WeakSet<IntegrationPlan>();

  /**
   * Integrates a frame into `npt` radial bins (pyFAI's `integrate1d_ng`). The frame is an NdArray
   * of the detector's shape (any numeric dtype); see {@link Integrate1dOptions} for the options and
   * {@link Integrate1dResult} for what comes back. The plan (matrix, corrections) is built on the
   * first call with these options and reused.
   *
   * @example
   * ```ts
   * const { radial, intensity, sigma } = await ai.integrate1d(frame, { npt: 1000, errorModel: 'poisson' });
   * ```
   */
  async integrate1d(frame: NdArray, options: Integrate1dOptions): Promise<Integrate1dResult> {
    checkFrame(frame, this.shape, this.detector.name);
    const plan = (await this.#plan(options, 1)) as IntegrationPlan<Integrate1dResult>;
    return plan.integrate(frame);
  }

  /**
   * Integrates a frame into `nptAzim` x `nptRad` (azimuthal x radial) bins (pyFAI's
   * `integrate2d_ng`); the result's arrays are [nptAzim, nptRad], the azimuthal positions in
   * degrees unless `unitAzimuthal` says `chi_rad`.
   *
   * @example
   * ```ts
   * const map = await ai.integrate2d(frame, { nptRad: 500, nptAzim: 360, unit: '2th_deg' });
   * ```
   */
  async integrate2d(frame: NdArray, options: Integrate2dOptions): Promise<Integrate2dResult> {
    checkFrame(frame, this.shape, this.detector.name);
    const plan = (await this.#plan(options, 2)) as IntegrationPlan<Integrate2dResult>;
    return plan.integrate(frame);
  }

  /**
   * The plan of a 1D integration with these options, to integrate many frames: built (or taken
   * from this integrator's cache) once. The caller disposes it when done.
   *
   * @example
   * ```ts
   * const plan = await ai.plan1d({ npt: 1000, errorModel: 'poisson' });
   * const r = await plan.integrate(frame);
   * ```
   */
  async plan1d(options: Integrate1dOptions): Promise<IntegrationPlan<Integrate1dResult>> {
    const plan = (await this.#plan(options, 1)) as IntegrationPlan<Integrate1dResult>;
    this.#handedOut.add(plan);
    return plan;
  }

  /**
   * The plan of a 2D integration with these options (see {@link plan1d}).
   *
   * @example
   * ```ts
   * const plan = await ai.plan2d({ nptRad: 500, nptAzim: 360 });
   * ```
   */
  async plan2d(options: Integrate2dOptions): Promise<IntegrationPlan<Integrate2dResult>> {
    const plan = (await this.#plan(options, 2)) as IntegrationPlan<Integrate2dResult>;
    this.#handedOut.add(plan);
    return plan;
  }

  /**
   * Forgets the cached plans and matrices, and disposes the plans this integrator made for its own
   * use (those handed out by `plan1d`/`plan2d` stay valid: their holders dispose them).
   *
   * @example
   * ```ts
   * ai.clearPlans();
   * ```
   */
  clearPlans(): void {
    const plans = [...this.#plans.values()];
    this.#plans.clear();
    this.#matrices.clear();
    for (const p of plans) void p.then((plan) => this.#release(plan), () => undefined);
  }

  #release(plan: IntegrationPlan): void {
    if (!this.#handedOut.has(plan)) plan.dispose();
  }

  async #plan(options: Integrate1dOptions | Integrate2dOptions, dimension: 1 | 2): Promise<IntegrationPlan> {
    const o = await resolveOptions(options, dimension, this.shape, this.chiDiscAtZero);
    const matrixKey = this.#matrixKey(o);
    const key = JSON.stringify([
      matrixKey, o.method.algorithm, o.method.backend, o.dark && checksum(o.dark), o.flat && checksum(o.flat), o.variance && checksum(o.variance),
      o.correctSolidAngle, o.polarizationFactor, o.normalizationFactor, o.dummy, o.deltaDummy, o.errorModel, o.unitAzimuthal.name,
    ]);
    const cached = this.#plans.get(key);
    if (cached !== undefined) {
      const plan = await cached;
      if (!plan.isDisposed) {
        if (this.#plans.get(key) === cached) touch(this.#plans, key, cached);
        return plan;
      }
    }
    const building = this.#build(o, matrixKey, key);
    touch(this.#plans, key, building);
    building.catch(() => {
      if (this.#plans.get(key) === building) this.#plans.delete(key);
    });
    while (this.#plans.size > PLAN_CACHE_SIZE) {
      const [oldest, evicted] = this.#plans.entries().next().value as [string, Promise<IntegrationPlan>];
      this.#plans.delete(oldest);
      void evicted.then((plan) => this.#release(plan), () => undefined);
    }
    return building;
  }

  #matrixKey(o: ResolvedOptions): string {
    return JSON.stringify([
      o.dimension, o.method.split, o.unit.name, o.npt, o.nptAzim, o.radialRange, o.azimuthRange, o.mask && checksum(o.mask), this.shape,
    ]);
  }

  /** The per-pixel positions the splitting needs for these options. */
  #pixels(o: ResolvedOptions, mask: Uint8Array | undefined): Pixels1d {
    const split = o.method.split;
    const unit = o.unit.name as RadialUnit;
    const chiNeeded = (o.dimension === 2 || o.azimuthRange !== undefined) && split !== 'full';
    return {
      center: this.center(unit),
      ...(split === 'bbox' ? { delta: this.delta(unit) } : {}),
      ...(split === 'full' ? { corners: this.corners(unit) } : {}),
      ...(chiNeeded ? { chi: this.chi() } : {}),
      ...(chiNeeded && split === 'bbox' ? { chiDelta: this.chiDelta() } : {}),
      ...(mask === undefined ? {} : { mask }),
      chiDiscAtZero: this.chiDiscAtZero,
    };
  }

  /** The radial bins; a requested range that misses the data altogether is an ArgumentError. */
  #radialBins(px: Pixels1d, o: ResolvedOptions): Bins {
    const split = o.method.split;
    if (o.radialRange === undefined) return radialBins(px, split, o.npt);
    const data = radialBins(px, split, o.npt);
    const [lo, hi] = o.radialRange;
    if (hi <= data.min || lo >= data.max) {
      throw new ArgumentError(
        `options.radialRange ${show([lo, hi])} lies outside the data: its pixels span [${data.min}, ${data.max}] ${o.unit.name}`,
      );
    }
    return radialBins(px, split, o.npt, o.radialRange);
  }

  async #build(o: ResolvedOptions, matrixKey: string, key: string): Promise<IntegrationPlan> {
    const start = performance.now();
    const shape = this.shape;
    const pixels = shape[0] * shape[1];
    const mask = combineMasks(this.detector.mask(), o.mask);
    const px = this.#pixels(o, mask);
    const split = o.method.split;
    const radial = this.#radialBins(px, o);
    const azimuthal = o.dimension === 2 ? azimuthalBins(px, split, o.nptAzim, o.azimuthRange) : undefined;
    const split1d = o.azimuthRange === undefined ? {} : { azimuthRange: o.azimuthRange };
    let csr: Csr | null = null;
    let histogram: HistogramSplitting | undefined;
    // WGSL has no float atomics to scatter with: on the GPU the histogram is the CSR gather (same sums)
    if (o.method.algorithm === 'csr' || o.method.backend !== 'cpu') {
      csr = this.#matrices.get(matrixKey) ?? (azimuthal === undefined ? buildCsr1d(px, split, radial, split1d) : buildCsr2d(px, split, radial, azimuthal));
      touch(this.#matrices, matrixKey, csr);
      while (this.#matrices.size > MATRIX_CACHE_SIZE) this.#matrices.delete(this.#matrices.keys().next().value as string);
    } else {
      histogram = { pixels: px, split, radial, ...(azimuthal === undefined ? split1d : { azimuthal }) };
    }
    const corrections = buildCorrections({
      pixels,
      masks: [mask],
      ...(o.dark === undefined ? {} : { dark: o.dark }),
      ...(o.flat === undefined ? {} : { flat: o.flat }),
      ...(o.variance === undefined ? {} : { variance: o.variance }),
      solidAngle: o.correctSolidAngle ? this.solidAngle() : null,
      polarization: o.polarizationFactor === null ? null : this.polarization(o.polarizationFactor),
      normalizationFactor: o.normalizationFactor,
      ...(o.dummy === undefined ? {} : { dummy: o.dummy }),
      ...(o.deltaDummy === undefined ? {} : { deltaDummy: o.deltaDummy }),
      errorModel: o.errorModel,
    });
    const engine = await createEngine(o, csr, histogram, corrections);
    const settings: ResultSettings = {
      unit: o.unit,
      method: o.method,
      errorModel: o.errorModel,
      polarizationFactor: o.polarizationFactor,
      normalizationFactor: o.normalizationFactor,
      empty: o.dummy ?? 0,
      poni: this.toPoni(),
    };
    const radialCenters = binCenters(radial);
    const azimuthalCenters = azimuthal === undefined ? undefined : binCenters(azimuthal).map((v) => v * o.unitAzimuthal.scale);
    const result =
      azimuthalCenters === undefined
        ? (acc: Accumulators) => new Integrate1dResult(radialCenters.slice(), acc, settings)
        : (acc: Accumulators) => new Integrate2dResult(radialCenters.slice(), azimuthalCenters.slice(), o.unitAzimuthal, acc, settings);
    const plan: IntegrationPlan = new IntegrationPlan<Integrate1dResult | Integrate2dResult>({
      dimension: o.dimension,
      method: o.method,
      errorModel: o.errorModel,
      unit: o.unit.name as RadialUnit,
      shape,
      detectorName: this.detector.name,
      radialBins: radial,
      ...(azimuthal === undefined ? {} : { azimuthalBins: azimuthal }),
      csr,
      corrections,
      engine,
      result,
      buildMs: performance.now() - start,
      onDispose: () => {
        const entry = this.#plans.get(key);
        if (entry !== undefined) void entry.then((p) => p === plan && this.#plans.get(key) === entry && this.#plans.delete(key), () => undefined);
      },
    });
    return plan;
  }
}

/**
 * The engine of a plan: CPU CSR, CPU histogram, or WebGPU (its module loaded only then). A WebGPU
 * failure (no adapter, no driver, not enough memory) is a BackendError naming `options.method`.
 */
async function createEngine(o: ResolvedOptions, csr: Csr | null, histogram: HistogramSplitting | undefined, corrections: Corrections): Promise<Engine> {
  if (o.method.backend === 'cpu') return csr !== null ? createCpuEngine(csr, corrections) : createHistogramEngine(histogram as HistogramSplitting, corrections);
  const failed = (what: string, cause: unknown) =>
    new BackendError(
      `options.method asks for the backend "webgpu": ${what}: ${cause instanceof Error ? cause.message : String(cause)}; use method backend "cpu"`,
      { cause },
    );
  let createWebGpuEngine: (csr: Csr, c: Corrections) => Promise<Engine>;
  try {
    ({ createWebGpuEngine } = await import('./webgpu/engine.js'));
  } catch (cause) {
    throw failed('the webgpu backend could not be loaded', cause);
  }
  try {
    return await createWebGpuEngine(csr as Csr, corrections);
  } catch (err) {
    if (isPandaasError(err) && !isPandaasError(err, 'E_BACKEND')) throw err;
    throw failed('the webgpu backend is not available here', err);
  }
}
