import { ArgumentError, ShapeError, show } from '@pandaas/core';
import { readSeries, type Series } from '../background/inputs.js';
import type { Constraint } from '../leastsq/constraints.js';
import {
  atan, gaussian, gaussianArea, lorentzian, lorentzianArea, polynomial, pseudoVoigt, slit, splitGaussian, splitLorentzian,
  splitPseudoVoigt, stepDown, stepUp,
} from '../models/builtins.js';
import type { Model } from '../models/model.js';
import { sum } from '../models/sum.js';
import { backgroundStart } from './backgrounds.js';
import { resolveEstimateOptions, type EstimateConfig, type EstimateOptions } from './options.js';
import { toConstraint } from './silx-constraints.js';
import { isTheoryKind, PEAK_THEORIES, theoryEstimate, type TheoryKind } from './theories.js';

/**
 * silx FitManager's theory names (without Hypermet), which {@link estimate} and
 * {@link FitManager} take beside the kinds.
 *
 * @example
 * ```ts
 * import { estimate, type SilxTheoryName } from '@pandaas/fit';
 * const theory: SilxTheoryName = 'Area Gaussians';
 * estimate(theory, [0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 5, 12, 20, 12, 5, 2, 1]).theory; // 'gaussianArea'
 * ```
 */
export type SilxTheoryName =
  | 'Gaussians' | 'Lorentz' | 'Area Gaussians' | 'Area Lorentz' | 'Pseudo-Voigt Line' | 'Area Pseudo-Voigt' | 'Split Gaussian'
  | 'Split Lorentz' | 'Split Pseudo-Voigt' | 'Step Down' | 'Step Up' | 'Slit' | 'Atan' | 'Degree 2 Polynomial' | 'Degree 3 Polynomial'
  | 'Degree 4 Polynomial' | 'Degree 5 Polynomial';

/** silx FitManager's theory names, and the kinds they are here. */
const SILX_THEORIES: Readonly<Record<SilxTheoryName, TheoryKind>> = {
  Gaussians: 'gaussian', Lorentz: 'lorentzian', 'Area Gaussians': 'gaussianArea', 'Area Lorentz': 'lorentzianArea',
  'Pseudo-Voigt Line': 'pseudoVoigt', 'Area Pseudo-Voigt': 'pseudoVoigtArea', 'Split Gaussian': 'splitGaussian',
  'Split Lorentz': 'splitLorentzian', 'Split Pseudo-Voigt': 'splitPseudoVoigt', 'Step Down': 'stepDown', 'Step Up': 'stepUp',
  Slit: 'slit', Atan: 'atan', 'Degree 2 Polynomial': 'polynomial', 'Degree 3 Polynomial': 'polynomial',
  'Degree 4 Polynomial': 'polynomial', 'Degree 5 Polynomial': 'polynomial',
};

/**
 * A theory for {@link estimate}: a built-in model kind, silx's theory name, or a built-in Model of one component.
 *
 * @example
 * ```ts
 * import { lorentzian, type Theory } from '@pandaas/fit';
 * const theories: Theory[] = ['gaussian', 'Area Pseudo-Voigt', lorentzian()];
 * ```
 */
export type Theory = TheoryKind | SilxTheoryName | Model;

/**
 * What {@link estimate} found: a model to fit, its start values and constraints.
 *
 * @example
 * ```ts
 * import { estimate, leastsq, type Estimate } from '@pandaas/fit';
 * const x = [0, 1, 2, 3, 4, 5, 6, 7, 8], y = [1, 2, 5, 12, 20, 12, 5, 2, 1];
 * const e: Estimate = estimate('gaussian', x, y); // e.peaks: [4]
 * if (e.model !== null) leastsq(e.model, x, y, e.p0, { constraints: e.constraints });
 * ```
 */
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

const FACTORIES: Readonly<Record<Exclude<TheoryKind, 'polynomial'>, () => Model>> = {
  gaussian, lorentzian, gaussianArea, lorentzianArea,
  pseudoVoigt: () => pseudoVoigt({ form: 'height' }),
  pseudoVoigtArea: () => pseudoVoigt({ form: 'area' }),
  splitGaussian, splitLorentzian, splitPseudoVoigt, stepUp, stepDown, atan, slit,
};

function theoryOf(theory: Theory, config: EstimateConfig): { kind: TheoryKind; degree: number } {
  if (typeof theory === 'string') {
    const silx = Object.hasOwn(SILX_THEORIES, theory) ? SILX_THEORIES[theory as SilxTheoryName] : undefined;
    if (silx !== undefined) return { kind: silx, degree: silx === 'polynomial' ? Number(theory.split(' ')[1]) : config.degree };
    if (isTheoryKind(theory)) return { kind: theory, degree: config.degree };
  } else if (typeof theory === 'object' && theory !== null && theory.components?.length === 1) {
    const { kind, degree } = theory.components[0];
    if (isTheoryKind(kind)) return { kind, degree };
  }
  const names = [...PEAK_THEORIES, 'polynomial', ...Object.keys(SILX_THEORIES).map((n) => `'${n}'`)];
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
 * const x = Float64Array.from({ length: 200 }, (_, i) => i);
 * const y = x.map((v) => 10 + 0.05 * v + 100 * Math.exp(-4 * Math.LN2 * ((v - 120) / 20) ** 2));
 * const e = estimate('gaussian', x, y, { background: 'linear' }); // e.names: Constant, Slope, Height1, Position1, FWHM1
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

  const { model: backgroundModel, p0: backgroundParams, curve } = backgroundStart(xs, ys, config);

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
