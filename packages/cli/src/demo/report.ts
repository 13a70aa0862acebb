/**
 * The demo's results as one document: `results.json`, the `--json` output, and what the HTML
 * report shows.
 *
 * @module
 */
import { formatMethod, type PoniParameters } from '@pandaas/integrate';
import type { DemoAnalysis } from './analysis.js';
import { DEMO_DATA_ORIGIN, TOOTH_DATA_ORIGIN } from './data-origin.js';
import { FIT_BACKGROUND, FIT_HALF_WINDOW_DEG, FIT_THEORY, PEAK_SENSITIVITY, type FittedValue } from './fit-peaks.js';
import { BIN_WIDTH_DEG } from './integrate-frame.js';
import type { MachineInfo } from './machine.js';
import { RECONSTRUCTION_FIGURE, type OutputFile } from './figures.js';
import { TOMOPY_CENTER, type ToothReconstruction } from './reconstruct-tooth.js';
import type { StepTiming } from './steps.js';

/** One row of the peaks table: a fitted peak beside its calibrant ring. */
export interface PeakRow {
  readonly frame: string;
  /** The frame's arm position, degrees. */
  readonly armTwoTheta: number;
  readonly hkl: string;
  readonly multiplicity: number;
  /** Degrees. */
  readonly twoThetaExpected: number;
  readonly twoTheta: number;
  readonly twoThetaSigma: number;
  readonly deltaTwoTheta: number;
  /** Å. */
  readonly dExpected: number;
  readonly d: number;
  readonly dSigma: number;
  readonly relativeDeltaD: number;
  /** Degrees. */
  readonly fwhm: number;
  readonly eta: number;
  readonly reducedChi2: number;
  readonly status: string;
}

/** What the demo did to one frame. */
export interface FrameReport {
  readonly label: string;
  readonly armTwoTheta: number;
  /** PONI geometry from the goniometer model (metres, radians). */
  readonly geometry: PoniParameters;
  /** 2θ span of the valid pixels, degrees. */
  readonly span: readonly [number, number];
  readonly npt: number;
  /** Negative (masked) pixels of the frame; the detector's module gaps come on top. */
  readonly maskedPixels: number;
  readonly peaks: readonly {
    readonly found: number;
    readonly relevance: number;
    readonly window: readonly [number, number];
    readonly parameters: Readonly<Record<string, FittedValue>>;
    readonly chi2: number;
    readonly reducedChi2: number;
    readonly status: string;
    readonly message: string;
  }[];
}

/**
 * The tomography step: the bundled tooth scan reconstructed by @pandaas/tomo.
 *
 * @example
 * ```ts
 * report.reconstruction?.center; // 295.87
 * ```
 */
export interface ReconstructionReport {
  readonly file: string;
  readonly origin: typeof TOOTH_DATA_ORIGIN;
  readonly projections: number;
  /** Detector rows and pixels per row. */
  readonly detector: readonly [number, number];
  /** The axis found by Vo's method (pixels on the detector row). */
  readonly center: number;
  readonly centerMethod: string;
  /** The axis tomopy's tutorial finds on this scan. */
  readonly tomopyCenter: number;
  readonly slices: number;
  readonly size: number;
  readonly filter: string;
  readonly units: '1/pixel';
  readonly backend: string;
  /** Reading, centre finding and FBP of every slice. */
  readonly seconds: number;
  /** The picture of slice 0. */
  readonly figure: string;
}

/** The whole document. */
export interface DemoReport {
  readonly program: 'pandaas demo';
  readonly date: string;
  readonly input: {
    readonly file: string;
    readonly title?: string;
    readonly sample?: string;
    readonly instrument?: string;
    /** Where the data come from: set for the bundled scan only. */
    readonly origin?: typeof DEMO_DATA_ORIGIN;
  };
  /** Metres. */
  readonly wavelength: number;
  readonly calibrant: { readonly name: string; readonly description: string; readonly reference: string; readonly a: number };
  readonly goniometer: { readonly detector: string; readonly parameters: Readonly<Record<string, number>>; readonly expressions: Readonly<Record<string, string>> };
  readonly integration: {
    readonly unit: '2th_deg';
    readonly binWidth: number;
    readonly errorModel: string;
    readonly method: string;
    readonly correctSolidAngle: true;
    readonly polarizationFactor: null;
    readonly mask: string;
  };
  readonly fit: { readonly theory: string; readonly background: string; readonly halfWindow: number; readonly sensitivity: number; readonly weights: string; readonly covariance: string };
  readonly frames: readonly FrameReport[];
  readonly peaks: readonly PeakRow[];
  /** The tomography step (absent when this installation has no tooth scan). */
  readonly reconstruction?: ReconstructionReport;
  readonly timings: readonly StepTiming[];
  readonly machine: MachineInfo;
  readonly versions: Readonly<Record<string, string>>;
  readonly files: readonly OutputFile[];
}

/**
 * The rows of the peaks table, frame by frame.
 *
 * @example
 * ```ts
 * peakRows(analysis)[0].deltaTwoTheta; // fitted minus expected 2θ, degrees
 * ```
 */
export function peakRows(analysis: DemoAnalysis): PeakRow[] {
  return analysis.frames.flatMap(({ pattern, peaks, matches }) =>
    peaks.map((peak, k) => {
      const match = matches[k]!;
      return {
        frame: pattern.frame.label,
        armTwoTheta: pattern.frame.position,
        hkl: match.ring.hkl,
        multiplicity: match.ring.multiplicity,
        twoThetaExpected: match.ring.twoTheta,
        twoTheta: match.twoTheta.value,
        twoThetaSigma: match.twoTheta.sigma,
        deltaTwoTheta: match.deltaTwoTheta,
        dExpected: match.ring.d,
        d: match.d.value,
        dSigma: match.d.sigma,
        relativeDeltaD: match.relativeDeltaD,
        fwhm: peak.fwhm.value,
        eta: peak.eta.value,
        reducedChi2: peak.reducedChi2,
        status: peak.status,
      };
    }),
  );
}

/**
 * Assembles the document.
 *
 * @param bundled - whether the input is the bundled scan (its origin and licence are then given).
 * @example
 * ```ts
 * const report = buildReport(analysis, { bundled: true, timings: steps.timings, machine: machineInfo('cpu'), versions: packageVersions(), files });
 * ```
 */
export function buildReport(
  analysis: DemoAnalysis,
  context: {
    bundled: boolean;
    timings: readonly StepTiming[];
    machine: MachineInfo;
    versions: Readonly<Record<string, string>>;
    files: readonly OutputFile[];
    tooth?: ToothReconstruction;
    date?: Date;
  },
): DemoReport {
  const { scan, calibrant } = analysis;
  const first = analysis.frames[0]?.pattern.result;
  return {
    program: 'pandaas demo',
    date: (context.date ?? new Date()).toISOString(),
    input: {
      file: scan.file,
      ...(scan.title === undefined ? {} : { title: scan.title }),
      ...(scan.sample === undefined ? {} : { sample: scan.sample }),
      ...(scan.instrument === undefined ? {} : { instrument: scan.instrument }),
      ...(context.bundled ? { origin: DEMO_DATA_ORIGIN } : {}),
    },
    wavelength: scan.wavelength,
    calibrant: { name: calibrant.name, description: calibrant.description, reference: calibrant.reference, a: calibrant.lattice.a },
    goniometer: { detector: scan.model.detector.name, parameters: scan.model.parameters, expressions: scan.model.expressions },
    integration: {
      unit: '2th_deg',
      binWidth: BIN_WIDTH_DEG,
      errorModel: 'poisson',
      method: first === undefined ? `bbox-csr-${analysis.backend}` : formatMethod(first.method),
      correctSolidAngle: true,
      polarizationFactor: null,
      mask: 'negative pixels and the detector module gaps',
    },
    fit: {
      theory: FIT_THEORY,
      background: FIT_BACKGROUND,
      halfWindow: FIT_HALF_WINDOW_DEG,
      sensitivity: PEAK_SENSITIVITY,
      weights: '1/sigma², sigma from the Poisson error model of the integration',
      covariance: 'scaled by the reduced χ² (as scipy curve_fit)',
    },
    frames: analysis.frames.map(({ pattern, peaks }) => ({
      label: pattern.frame.label,
      armTwoTheta: pattern.frame.position,
      geometry: pattern.frame.geometry,
      span: pattern.span,
      npt: pattern.options.npt,
      maskedPixels: pattern.maskedPixels,
      peaks: peaks.map((peak) => ({
        found: peak.found,
        relevance: peak.relevance,
        window: peak.window,
        parameters: peak.parameters,
        chi2: peak.chi2,
        reducedChi2: peak.reducedChi2,
        status: peak.status,
        message: peak.message,
      })),
    })),
    peaks: peakRows(analysis),
    ...(context.tooth === undefined ? {} : { reconstruction: reconstructionReport(context.tooth) }),
    timings: context.timings,
    machine: context.machine,
    versions: context.versions,
    files: context.files,
  };
}

function reconstructionReport(tooth: ToothReconstruction): ReconstructionReport {
  return {
    file: tooth.file,
    origin: TOOTH_DATA_ORIGIN,
    projections: tooth.projections,
    detector: tooth.detector,
    center: tooth.center,
    centerMethod: "Vo's method on the middle row (findCenterVo)",
    tomopyCenter: TOMOPY_CENTER,
    slices: tooth.slices,
    size: tooth.size,
    filter: tooth.filter,
    units: '1/pixel',
    backend: tooth.backend,
    seconds: tooth.seconds,
    figure: RECONSTRUCTION_FIGURE,
  };
}
