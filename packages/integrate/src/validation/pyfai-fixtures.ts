/**
 * The end-to-end pyFAI 0.21 fixtures of scripts/fixtures/integrate/integrate.py: the manifest,
 * the arrays (gzip-compressed little-endian binary), the synthetic frame and its variants, and
 * the pandaas options of each case.
 *
 * @example
 * ```ts
 * const fx = loadPyfaiFixtures();
 * const c = fx.cases.find((k) => k.id === '2th-poisson')!;
 * const reference = fx.array(c.results[0].arrays.intensity);
 * ```
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { array, type NdArray, type TypedArray } from '@pandaas/core';
import type { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import type { EngineBackend } from '../integrator/method.js';
import type { Integrate1dOptions, Integrate2dOptions } from '../integrator/options.js';
import type { Integrate1dResult, Integrate2dResult } from '../integrator/results.js';
import type { RadialUnit } from '../units.js';
import type { Reference } from './measure.js';

/** Where one array lies in the decompressed binary. */
export interface ArrayRef {
  offset: number;
  /** numpy's name: '<f8', '<f4', '<i4', '|u1'. */
  dtype: string;
  shape: number[];
}

/** A case's options, in pandaas' names; per-pixel inputs are flags naming the stored arrays. */
export interface CaseOptions {
  npt?: number;
  nptRad?: number;
  nptAzim?: number;
  unit?: RadialUnit;
  errorModel?: 'none' | 'poisson' | 'variance' | 'azimuthal';
  radialRange?: [number, number];
  azimuthRange?: [number, number];
  mask?: boolean;
  dark?: boolean;
  flat?: boolean;
  variance?: boolean;
  dummy?: number;
  deltaDummy?: number;
  correctSolidAngle?: boolean;
  polarizationFactor?: number;
  normalizationFactor?: number;
}

/** pyFAI's result for one method. */
export interface CaseResult {
  method: { split: 'no' | 'bbox' | 'full'; algorithm: 'histogram' | 'csr' };
  pyfaiMethod: string;
  computeEngine: string;
  unit: string;
  arrays: {
    radial: ArrayRef;
    azimuthal?: ArrayRef;
    intensity: ArrayRef;
    sigma?: ArrayRef;
    sumSignal: ArrayRef;
    sumNormalization: ArrayRef;
    sumVariance?: ArrayRef;
    count: ArrayRef;
  };
}

/** One integration setting, run by pyFAI with several methods. */
export interface FixtureCase {
  id: string;
  image: 'synthetic' | 'pixium';
  dim: 1 | 2;
  frame: 'raw' | 'dummy' | 'nan';
  options: CaseOptions;
  notes: string[];
  pyfaiCall: string;
  results: CaseResult[];
}

/** The synthetic detector, geometry and inputs. */
export interface SyntheticSetup {
  detector: { pixel1: number; pixel2: number; shape: [number, number] };
  geometry: { dist: number; poni1: number; poni2: number; rot1: number; rot2: number; rot3: number; wavelength: number };
  poni: string;
  inputs: { frame: ArrayRef; dark: ArrayRef; flat: ArrayRef; variance: ArrayRef; mask: ArrayRef };
  dummyMinus2: number[];
  dummyMinus1: number[];
  nanPixels: number[];
}

/** The manifest of the fixtures. */
export interface Manifest {
  generator: string;
  pyFAI: string;
  binary: string;
  binarySha256: string;
  synthetic: SyntheticSetup;
  pixium: { image: string; poni: string; shape: [number, number]; dtype: string; pixelSum: number; sha256: string };
  cases: FixtureCase[];
}

/** The fixtures, with a reader for their arrays. */
export interface PyfaiFixtures extends Manifest {
  /** The array at `ref`, as a fresh typed array of its dtype. */
  array(ref: ArrayRef): TypedArray;
  /** The array at `ref`, as float64. */
  float64(ref: ArrayRef): Float64Array;
}

/** The folder of the fixtures written by scripts/fixtures/integrate/integrate.py. */
const FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'integrate');

const TYPES: Record<string, { new (buffer: ArrayBuffer, offset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number }> = {
  '<f8': Float64Array,
  '<f4': Float32Array,
  '<i4': Int32Array,
  '|u1': Uint8Array,
};

/** Reads the manifest and the arrays of the committed fixtures. @example see the module */
export function loadPyfaiFixtures(): PyfaiFixtures {
  const manifest = JSON.parse(readFileSync(join(FOLDER, 'manifest.json'), 'utf8')) as Manifest;
  const bytes = gunzipSync(readFileSync(join(FOLDER, manifest.binary)));
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== manifest.binarySha256) throw new Error(`${manifest.binary} does not match its manifest (sha256 ${digest}): rerun ${manifest.generator}`);
  const read = (ref: ArrayRef): TypedArray => {
    const Type = TYPES[ref.dtype];
    if (Type === undefined) throw new Error(`unknown fixture dtype ${ref.dtype}`);
    const length = ref.shape.reduce((a, b) => a * b, 1);
    const copy = new ArrayBuffer(length * Type.BYTES_PER_ELEMENT);
    new Uint8Array(copy).set(bytes.subarray(ref.offset, ref.offset + copy.byteLength));
    return new Type(copy, 0, length);
  };
  return { ...manifest, array: read, float64: (ref) => Float64Array.from(read(ref) as ArrayLike<number>) };
}

/** The synthetic frame in one of the manifest's variants: as stored, with dummies, or with NaN pixels. @example `syntheticFrame(fx, 'nan')` */
export function syntheticFrame(fx: PyfaiFixtures, variant: FixtureCase['frame']): NdArray {
  const s = fx.synthetic;
  const shape = s.detector.shape;
  const raw = fx.array(s.inputs.frame) as Int32Array;
  if (variant === 'raw') return array(raw, { shape, backend: 'cpu' });
  if (variant === 'dummy') {
    for (const i of s.dummyMinus2) raw[i] = -2;
    for (const i of s.dummyMinus1) raw[i] = -1;
    return array(raw, { shape, backend: 'cpu' });
  }
  const values = Float32Array.from(raw);
  for (const i of s.nanPixels) values[i] = Number.NaN;
  return array(values, { shape, backend: 'cpu' });
}

type PandaasOptions = Omit<Integrate1dOptions, 'npt'> & Partial<Pick<Integrate1dOptions, 'npt'>> & Partial<Pick<Integrate2dOptions, 'nptRad' | 'nptAzim'>>;

/**
 * The pandaas options of a case (without the method): per-pixel flags become the stored synthetic
 * arrays. @example `caseOptions(fx, c)`
 */
export function caseOptions(fx: PyfaiFixtures, c: FixtureCase): PandaasOptions {
  const { mask, dark, flat, variance, ...plain } = c.options;
  const inputs = fx.synthetic.inputs;
  const out: PandaasOptions = { ...plain };
  if (mask) out.mask = fx.array(inputs.mask);
  if (dark) out.dark = fx.array(inputs.dark);
  if (flat) out.flat = fx.array(inputs.flat);
  if (variance) out.variance = fx.array(inputs.variance);
  return out;
}

/**
 * Integrates `frame` with the options of case `c` and the method of pyFAI's result `r`, on
 * `backend`. @example `await integrateCase(ai, frame, fx, c, c.results[0], 'cpu')`
 */
export function integrateCase(
  ai: AzimuthalIntegrator,
  frame: NdArray,
  fx: PyfaiFixtures,
  c: FixtureCase,
  r: CaseResult,
  backend: EngineBackend,
): Promise<Integrate1dResult | Integrate2dResult> {
  const method = { ...r.method, backend };
  const options = caseOptions(fx, c);
  return c.dim === 1
    ? ai.integrate1d(frame, { ...options, npt: options.npt ?? 0, method })
    : ai.integrate2d(frame, { ...options, nptRad: options.nptRad ?? 0, method });
}

/** pyFAI's arrays of one result, as float64. @example `referenceOf(fx, c.results[0]).intensity` */
export function referenceOf(fx: PyfaiFixtures, r: CaseResult): Reference {
  const a = r.arrays;
  return {
    radial: fx.float64(a.radial),
    ...(a.azimuthal && { azimuthal: fx.float64(a.azimuthal) }),
    intensity: fx.float64(a.intensity),
    ...(a.sigma && { sigma: fx.float64(a.sigma) }),
    sumSignal: fx.float64(a.sumSignal),
    sumNormalization: fx.float64(a.sumNormalization),
    ...(a.sumVariance && { sumVariance: fx.float64(a.sumVariance) }),
    count: fx.float64(a.count),
  };
}

/**
 * pyFAI's result for the same splitting with the other algorithm (histogram <-> csr), when the
 * case has it: pyFAI 0.21's two engines do not always agree with each other.
 * @example `otherEngine(fx, c, c.results[0])?.count`
 */
export function otherEngine(fx: PyfaiFixtures, c: FixtureCase, r: CaseResult): Reference | undefined {
  const other = c.results.find((x) => x.method.split === r.method.split && x.method.algorithm !== r.method.algorithm);
  return other && referenceOf(fx, other);
}
