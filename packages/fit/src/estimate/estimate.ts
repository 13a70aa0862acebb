import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { readSeries, type Series } from '../background/inputs.js';
import type { Constraint } from '../leastsq/constraints.js';
import {
  atan, constant, gaussian, gaussianArea, linear, lorentzian, lorentzianArea, polynomial, pseudoVoigt, slit, splitGaussian,
  splitLorentzian, splitPseudoVoigt, stepDown, stepUp,
} from '../models/builtins.js';
import type { Model } from '../models/model.js';
import { sum } from '../models/sum.js';
import { linearBackground, polynomialBackground, snipBackground, stripBackground } from './backgrounds.js';
import { range } from './height-position-fwhm.js';
import { resolveEstimateOptions, type EstimateConfig, type EstimateOptions } from './options.js';
import { toConstraint } from './silx-constraints.js';
import { PEAK_THEORIES, theoryEstimate, type TheoryKind } from './theories.js';

/** silx FitManager's theory names, and the kinds they are here. */
const SILX_THEORIES = {
  Gaussians: 'gaussian', Lorentz: 'lorentzian', 'Area Gaussians': 'gaussianArea', 'Area Lorentz': 'lorentzianArea',
  'Pseudo-Voigt Line': 'pseudoVoigt', 'Area Pseudo-Voigt': 'pseudoVoigtArea', 'Split Gaussian': 'splitGaussian',
  'Split Lorentz': 'splitLorentzian', 'Split Pseudo-Voigt': 'splitPseudoVoigt', 'Step Down': 'stepDown', 'Step Up': 'stepUp',
  Slit: 'slit', Atan: 'atan', 'Degree 2 Polynomial': 'polynomial', 'Degree 3 Polynomial': 'polynomial',
  'Degree 4 Polynomial': 'polynomial', 'Degree 5 Polynomial': 'polynomial',
} as const satisfies Readonly<Record<string, TheoryKind>>;

/** A theory for {@link estimate}: a built-in model kind, silx's theory name, or a built-in Model of one component. */
export type Theory = TheoryKind | keyof typeof SILX_THEORIES | Model;

/** What {@link estimate} found: a model to fit, its start values and constraints. */
export interface Estimate {
  /** The theory's kind. */
  theory: TheoryKind;
  /**
   * The background (constant, linear or polynomial, if chosen) plus one component per peak found;
   * null when there is nothing to fit (no peak found, no parameter background).
   */
  model: Model | null;
  /** Start values, in `names` order (silx FitManager's: background first, then the peaks). */
  p0: Float64Array;
  /** One constraint per parameter, ties naming their parameter. */
  constraints: Constraint[];
  /** The parameter names (the model's): `Constant`, `Slope`, then `Height1`, `Position1`, ... */
  names: readonly string[];
  /**
   * The 'strip' or 'snip' background curve (silx's background theories, anchors and smoothing
   * applied): fit `y - background` with `model`. Null for other backgrounds.
   */
  background: Float64Array | null;
  /** Indices of the peaks the search found (or the forced one); for steps, of the derivative's. */
  peaks: number[];
}

const FACTORIES: Readonly<Record<keyof typeof PEAK_THEORIES, () => Model>> = {
  gaussian, lorentzian, gaussianArea, lorentzianArea,
  pseudoVoigt: () => pseudoVoigt({ form: 'height' }),
  pseudoVoigtArea: () => pseudoVoigt({ form: 'area' }),
  splitGaussian, splitLorentzian, splitPseudoVoigt, stepUp, stepDown, atan, slit,
};

function theoryOf(theory: Theory, config: EstimateConfig): { kind: TheoryKind; degree: number } {
  if (typeof theory === 'string') {
    const silx = Object.hasOwn(SILX_THEORIES, theory) ? SILX_THEORIES[theory as keyof typeof SILX_THEORIES] : undefined;
    if (silx !== undefined) return { kind: silx, degree: silx === 'polynomial' ? Number(theory.split(' ')[1]) : config.degree };
    if (theory === 'polynomial' || Object.hasOwn(PEAK_THEORIES, theory)) return { kind: theory as TheoryKind, degree: config.degree };
  } else if (typeof theory === 'object' && theory !== null && theory.components?.length === 1) {
    const { kind, degree } = theory.components[0];
    if (kind === 'polynomial' || Object.hasOwn(PEAK_THEORIES, kind)) return { kind: kind as TheoryKind, degree };
  }
  const names = [...Object.keys(PEAK_THEORIES), 'polynomial', ...Object.keys(SILX_THEORIES).map((n) => `'${n}'`)];
  throw new ArgumentError(`theory must be a built-in model of one component or one of ${names.join(', ')}; got ${show(theory)}`);
}

/**
 * Initial parameters and constraints for fitting `theory` (plus a background) to (x, y), as silx's
 * FitManager `estimate()` with its default theories: peaks are found by {@link peakSearch} on y
 * minus its strip background, estimated and refined by 4 steps of a gaussian fit
 * (`estimate_height_position_fwhm`), then converted for the theory (areas, split widths,
 * pseudo-Voigt η = 0.5); steps, slits and arctangents come from the derivative's peaks;
 * polynomials from a least-squares fit. The constraints follow FitManager's defaults
 * (PositiveHeightArea, PositiveFwhm) and the options. The background's own parameters come first:
 * constant min(y), linear a line through the strip background, polynomial a fit to it; 'strip'
 * and 'snip' backgrounds are curves (returned in `background`), not parameters.
 *
 * Same numbers as silx where the algorithm is the same (see the package's fixtures); differences:
 * bad input throws (non-finite values, mismatched lengths) instead of being filtered, the polynomial
 * theory's names are `a`, `b`, ... without the peak number, and split pseudo-Voigt width ties point
 * at the FWHMs.
 *
 * @param theory - A kind (`'gaussian'`, `'pseudoVoigtArea'`, `'stepUp'`, `'polynomial'`, ...), silx's name (`'Area Gaussians'`) or a built-in Model.
 * @param x - The abscissae (undefined: 0, 1, 2, ... as FitManager).
 * @example
 * ```ts
 * import { estimate, leastsq } from '@pandaas/fit';
 * const e = estimate('gaussian', x, y, { background: 'linear' });
 * if (e.model) {
 *   const fit = leastsq(e.model, x, y, e.p0, { constraints: e.constraints });
 *   console.log(fit.names, fit.params);
 * }
 * ```
 */
export function estimate(theory: Theory, x: Series | undefined, y: Series, options: EstimateOptions = {}): Estimate {
  const config = resolveEstimateOptions(options);
  const { kind, degree } = theoryOf(theory, config);
  const ys = readSeries(y, 'y');
  if (ys.length === 0) throw new ShapeError('y must hold at least one point; got none');
  const xs = x === undefined ? Float64Array.from(ys, (_, i) => i) : readSeries(x, 'x');
  if (xs.length !== ys.length) throw new ShapeError(`x and y must have the same length; got ${xs.length} and ${ys.length}`);
  const theoryConfig = { ...config, degree };

  let backgroundModel: Model | null = null;
  let backgroundParams: number[] = [];
  let curve: Float64Array | null = null;
  switch (config.background) {
    case 'constant':
      backgroundModel = constant();
      backgroundParams = [range(ys)[0]];
      break;
    case 'linear':
      backgroundModel = linear();
      backgroundParams = linearBackground(xs, ys, config);
      break;
    case 'polynomial':
      backgroundModel = polynomial(config.backgroundDegree);
      backgroundParams = Array.from(polynomialBackground(xs, ys, config));
      break;
    case 'strip':
      curve = stripBackground(xs, ys, config);
      break;
    case 'snip':
      curve = snipBackground(xs, ys, config);
      break;
    default:
      break;
  }

  const found = theoryEstimate(kind, xs, ys, theoryConfig);
  const components: Model[] = [];
  for (let k = 0; k < found.count && found.params.length > 0; k++) components.push(kind === 'polynomial' ? polynomial(degree) : FACTORIES[kind]());
  const parts = backgroundModel === null ? components : [backgroundModel, ...components];
  const model = parts.length === 0 ? null : sum(...parts);
  const names = model === null ? [] : model.parameters;
  const first = backgroundParams.length;
  const constraints: Constraint[] = [
    ...backgroundParams.map((): Constraint => ({ code: 'free' })),
    ...found.constraints.map((c) => toConstraint(c, names, first)),
  ];
  return {
    theory: kind,
    model,
    p0: Float64Array.from([...backgroundParams, ...found.params]),
    constraints,
    names,
    background: curve,
    peaks: found.peaks,
  };
}
