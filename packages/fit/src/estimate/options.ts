import { ArgumentError, show } from '@pandaas/core';
import { checkFinite, checkInteger, checkOptions, readSeries } from '../background/inputs.js';

/**
 * The backgrounds {@link estimate} can add, as silx's background theories.
 *
 * @example
 * ```ts
 * import { estimate, type BackgroundKind } from '@pandaas/fit';
 * const background: BackgroundKind = 'linear';
 * estimate('gaussian', [0, 1, 2, 3, 4, 5, 6, 7, 8], [3, 4, 7, 14, 22, 14, 7, 4, 3], { background }).names; // ['Constant', 'Slope', 'Height1', ...]
 * ```
 */
export type BackgroundKind = 'none' | 'constant' | 'linear' | 'strip' | 'snip' | 'polynomial';

/**
 * Options of {@link estimate}: silx FitManager's configuration keys in camelCase, with its
 * defaults (PositiveFwhm, PositiveHeightArea, Sensitivity 2.5, AutoFwhm, ForcePeakPresence on;
 * StripWidth 2, StripIterations 5000; SnipWidth 16; no smoothing).
 *
 * @example
 * ```ts
 * import type { EstimateOptions } from '@pandaas/fit';
 * const options: EstimateOptions = { background: 'snip', snipWidth: 24, sensitivity: 3, sameFwhm: true, quotedEta: true };
 * ```
 */
export interface EstimateOptions {
  /** The background added to the model (default 'none', FitManager's 'No Background'). */
  background?: BackgroundKind;
  /** Degree of the 'polynomial' theory (default 2; silx offers 2 to 5). */
  degree?: number;
  /** Degree of the 'polynomial' background (default 2). */
  backgroundDegree?: number;
  /** Heights and areas constrained positive (default true). */
  positiveHeightArea?: boolean;
  /** FWHMs constrained positive (default true). */
  positiveFwhm?: boolean;
  /** Every peak's FWHM tied to the largest peak's (default false). */
  sameFwhm?: boolean;
  /** Peak positions kept within the data's x range (default false). */
  quotedPosition?: boolean;
  /** Pseudo-Voigt η kept within [0, 1] (default false). */
  quotedEta?: boolean;
  /** No constraints at all (default false). */
  noConstraints?: boolean;
  /** Search with the FWHM of the largest peak ({@link guessFwhm}) (default true); else `fwhmPoints`. */
  autoFwhm?: boolean;
  /** The search FWHM in samples when `autoFwhm` is off (default 8; at least 3 is used). */
  fwhmPoints?: number;
  /** Peak search threshold (default 2.5; at least 1 is used). */
  sensitivity?: number;
  /** With no peak found, take the largest sample above the background as one (default true). */
  forcePeakPresence?: boolean;
  /** Scale y by 1/χ² of a 3-point smoothing before the search (default false), else by `yScaling`. */
  autoScaling?: boolean;
  /** Factor on y for the search (default 1). */
  yScaling?: number;
  /** Strip the background before estimating peaks (default true, silx's StripBackgroundFlag). */
  stripBackground?: boolean;
  /** Savitzky-Golay smoothing before stripping (default false under FitManager). */
  smoothing?: boolean;
  /** Savitzky-Golay width (default 5; 2 to 101). */
  smoothingWidth?: number;
  /** Strip width (default 2). */
  stripWidth?: number;
  /** Strip passes (default 5000). */
  stripIterations?: number;
  /** Strip threshold factor (default 1). */
  stripThresholdFactor?: number;
  /** SNIP width of the 'snip' background (default 16). */
  snipWidth?: number;
  /**
   * x values anchoring the 'strip', 'snip', 'linear' and 'polynomial' backgrounds (silx's
   * AnchorsList, with AnchorsFlag on when given): each becomes the first index where x >= it.
   */
  anchors?: ArrayLike<number>;
  /** Fit polynomial backgrounds to the strip background rather than to y (default true). */
  estimatePolyOnStrip?: boolean;
}

/** {@link EstimateOptions} with every default filled in. */
export type EstimateConfig = Required<Omit<EstimateOptions, 'anchors'>> & { anchors: Float64Array | null };

const DEFAULTS: Omit<EstimateConfig, 'anchors'> = {
  background: 'none',
  degree: 2,
  backgroundDegree: 2,
  positiveHeightArea: true,
  positiveFwhm: true,
  sameFwhm: false,
  quotedPosition: false,
  quotedEta: false,
  noConstraints: false,
  autoFwhm: true,
  fwhmPoints: 8,
  sensitivity: 2.5,
  forcePeakPresence: true,
  autoScaling: false,
  yScaling: 1,
  stripBackground: true,
  smoothing: false,
  smoothingWidth: 5,
  stripWidth: 2,
  stripIterations: 5000,
  stripThresholdFactor: 1,
  snipWidth: 16,
  estimatePolyOnStrip: true,
};

const BACKGROUNDS: readonly BackgroundKind[] = ['none', 'constant', 'linear', 'strip', 'snip', 'polynomial'];

/**
 * Checks {@link EstimateOptions} (types, ranges, unknown keys) and fills in the defaults.
 *
 * @example
 * ```ts
 * resolveEstimateOptions({ background: 'linear' }).sensitivity; // 2.5
 * ```
 */
export function resolveEstimateOptions(options: EstimateOptions = {}): EstimateConfig {
  checkOptions(options, [...Object.keys(DEFAULTS), 'anchors'], 'options');
  const config = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as EstimateConfig;
  if (!BACKGROUNDS.includes(config.background)) {
    throw new ArgumentError(`options.background must be one of ${BACKGROUNDS.join(', ')}; got ${show(config.background)}`);
  }
  for (const key of ['positiveHeightArea', 'positiveFwhm', 'sameFwhm', 'quotedPosition', 'quotedEta', 'noConstraints', 'autoFwhm',
    'forcePeakPresence', 'autoScaling', 'stripBackground', 'smoothing', 'estimatePolyOnStrip'] as const) {
    if (typeof config[key] !== 'boolean') throw new ArgumentError(`options.${key} must be a boolean; got ${show(config[key])}`);
  }
  for (const key of ['degree', 'backgroundDegree'] as const) {
    checkInteger(config[key], `options.${key}`, 0);
    if (config[key] > 25) throw new ArgumentError(`options.${key} must be at most 25; got ${show(config[key])}`);
  }
  checkFinite(config.fwhmPoints, 'options.fwhmPoints');
  checkFinite(config.sensitivity, 'options.sensitivity');
  checkFinite(config.yScaling, 'options.yScaling');
  checkInteger(config.smoothingWidth, 'options.smoothingWidth', 2);
  if (config.smoothingWidth > 101) throw new ArgumentError(`options.smoothingWidth must be at most 101 (silx's limit); got ${show(config.smoothingWidth)}`);
  checkInteger(config.stripWidth, 'options.stripWidth', 1);
  checkInteger(config.stripIterations, 'options.stripIterations', 0);
  checkFinite(config.stripThresholdFactor, 'options.stripThresholdFactor');
  checkInteger(config.snipWidth, 'options.snipWidth', 0);
  config.anchors = options.anchors === undefined ? null : readSeries(options.anchors, 'options.anchors');
  return config;
}
