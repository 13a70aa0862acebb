/**
 * `@pandaas/integrate`: pyFAI-grade azimuthal integration. PONI geometry (v1, v2, v2.1) and
 * pyFAI's goniometer models, detectors and their module-gap masks, per-pixel
 * 2θ/χ/q/r/solid-angle/polarization arrays, and 1D/2D integration with pyFAI's pixel splitting
 * (`no`, `bbox`, `full`), algorithms (`histogram`, `csr`), error models and result fields, on all
 * CPU cores or a GPU through WebGPU. Validated against pyFAI 0.21 (see docs/integrate.md for where
 * and why results differ).
 *
 * @example
 * ```ts
 * import { array } from '@pandaas/core';
 * import { AzimuthalIntegrator, detectorFactory } from '@pandaas/integrate';
 * const ai = new AzimuthalIntegrator({ dist: 0.1, poni1: 0.02, poni2: 0.03, wavelength: 1e-10, detector: detectorFactory('Pilatus100k') });
 * const frame = array(new Float32Array(195 * 487).fill(1), { shape: [195, 487] });
 * const result = await ai.integrate1d(frame, { npt: 500, unit: '2th_deg', errorModel: 'poisson' });
 * console.log(result.radial[0], result.intensity[0], result.sigma?.[0]);
 * ```
 * @module
 */

// Errors
export { PoniError } from './errors.js';
export type { PoniErrorLocation } from './errors.js';

// Units
export { AZIMUTHAL_UNITS, RADIAL_UNITS, azimuthalUnit, radialUnit } from './units.js';
export type { AzimuthalUnit, RadialUnit, UnitInfo, UnitSpace } from './units.js';

// Detectors
export { Detector } from './detectors/detector.js';
export type { DetectorModel, DetectorOptions, DetectorOrientation } from './detectors/detector.js';
export type { ModuleLayout } from './detectors/module-mask.js';
export { DETECTOR_NAMES, detectorFactory, findDetectorModel } from './detectors/registry.js';

// Geometry
export { Geometry } from './geometry/geometry.js';
export type { GeometryParams } from './geometry/geometry.js';
export { formatPoni, parsePoni } from './geometry/poni.js';
export type { PoniRecord, PoniVersion } from './geometry/poni.js';
export { rotationMatrix, rotationQuaternion, rotationsFromQuaternion } from './geometry/rotation.js';
export type { Matrix3, Quaternion } from './geometry/rotation.js';

// Goniometer models
export { GoniometerModel } from './goniometer/goniometer-model.js';
export type { PoniParameters } from './goniometer/goniometer-model.js';
export { GONIOMETER_VERSIONS } from './goniometer/read-model.js';
export type { GoniometerVersion, PoniKey } from './goniometer/read-model.js';

// Calibrants
export { CALIBRANT_NAMES, calibrant } from './calibrants/calibrant.js';
export type { Calibrant } from './calibrants/calibrant.js';
export { cubicReflections } from './calibrants/cubic.js';
export type { CubicCentring, CubicLattice, Miller, Reflection } from './calibrants/cubic.js';

// Pixel splitting
export { azimuthalBins, binCenters, radialBins } from './splitting/bins.js';
export { buildCsr1d, buildCsr2d } from './splitting/csr.js';
export { visitContributions1d, visitContributions2d } from './splitting/visit.js';
export type { Bins, Csr, Emit, Pixels1d, Split, Split1dOptions } from './splitting/types.js';

// Integration
export { AzimuthalIntegrator } from './integrator/azimuthal-integrator.js';
export { IntegrationPlan } from './integrator/plan.js';
export { Integrate1dResult, Integrate2dResult } from './integrator/results.js';
export type { NxAxisDescription, NxDataOfResult, NxFieldDescription, NxProcessOfResult, ResultSettings } from './integrator/results.js';
export { ALGORITHMS, DEFAULT_METHOD, ENGINE_BACKENDS, SPLITS, formatMethod, parseMethod } from './integrator/method.js';
export type { Algorithm, EngineBackend, Method, MethodSpec } from './integrator/method.js';
export type { Integrate1dOptions, Integrate2dOptions, IntegrateCommonOptions, PixelArray } from './integrator/options.js';

// Engines (for custom pipelines: a CSR matrix and corrections in, the five accumulators out)
export { ERROR_MODELS } from './integrator/engine.js';
export type { Accumulators, Corrections, Engine, ErrorModel } from './integrator/engine.js';
export { buildCorrections } from './integrator/corrections.js';
export type { CorrectionInputs } from './integrator/corrections.js';
export { createCpuEngine } from './integrator/cpu-engine.js';
export { createHistogramEngine } from './integrator/histogram-engine.js';
export type { HistogramSplitting, Visitor } from './integrator/histogram-engine.js';
export { WebGpuEngine, createWebGpuEngine } from './integrator/webgpu/engine.js';
export type { Submitted } from './integrator/webgpu/engine.js';

// Streams and filters
export { integrateStack } from './stack/integrate-stack.js';
export type { IntegrateStackOptions, StackPlan } from './stack/integrate-stack.js';
export { sigmaClip } from './filters/sigma-clip.js';
export type { SigmaClipOptions } from './filters/sigma-clip.js';
export { medfilt1d } from './filters/medfilt1d.js';
export type { Medfilt1dOptions } from './filters/medfilt1d.js';
export type { FilterCommonOptions } from './filters/filter-plan.js';
