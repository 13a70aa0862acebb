/**
 * The built-in models, with silx.math.fit's parameter conventions and names (FitManager's
 * theories): widths are FWHMs, not sigmas; "height" forms peak at `Height`, "area" forms
 * integrate to `Area`. Every one has an analytic Jacobian.
 *
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { componentModel } from './component-model.js';
import type { Model, ModelKind } from './model.js';

function single(kind: ModelKind, parameters: readonly string[], degree = 0): Model {
  return componentModel(kind === 'polynomial' ? `polynomial${degree}` : kind, parameters, [{ kind, offset: 0, degree }]);
}

/**
 * Gaussian `Height·exp(-4 ln2 (x-Position)²/FWHM²)` (silx `sum_gauss`).
 *
 * @example
 * ```ts
 * gaussian().parameters; // ['Height', 'Position', 'FWHM']
 * ```
 */
export function gaussian(): Model {
  return single('gaussian', ['Height', 'Position', 'FWHM']);
}

/**
 * Unit-area gaussian times `Area`: `Area·2√(ln2/π)/FWHM·exp(-4 ln2 (x-Position)²/FWHM²)` (silx `sum_agauss`).
 *
 * @example
 * ```ts
 * gaussianArea().parameters; // ['Area', 'Position', 'FWHM']
 * ```
 */
export function gaussianArea(): Model {
  return single('gaussianArea', ['Area', 'Position', 'FWHM']);
}

/**
 * Lorentzian `Height/(1 + 4(x-Position)²/FWHM²)` (silx `sum_lorentz`).
 *
 * @example
 * ```ts
 * lorentzian().parameters; // ['Height', 'Position', 'FWHM']
 * ```
 */
export function lorentzian(): Model {
  return single('lorentzian', ['Height', 'Position', 'FWHM']);
}

/**
 * Unit-area lorentzian times `Area`: `Area·(2/(π FWHM))/(1 + 4(x-Position)²/FWHM²)` (silx `sum_alorentz`).
 *
 * @example
 * ```ts
 * lorentzianArea().parameters; // ['Area', 'Position', 'FWHM']
 * ```
 */
export function lorentzianArea(): Model {
  return single('lorentzianArea', ['Area', 'Position', 'FWHM']);
}

/**
 * Options of {@link pseudoVoigt}.
 *
 * @example
 * ```ts
 * import { pseudoVoigt, type PseudoVoigtOptions } from '@pandaas/fit';
 * const options: PseudoVoigtOptions = { form: 'area' };
 * pseudoVoigt(options).parameters; // ['Area', 'Position', 'FWHM', 'Eta']
 * ```
 */
export interface PseudoVoigtOptions {
  /** `'height'` (default): silx `sum_pvoigt`; `'area'`: silx `sum_apvoigt`. */
  form?: 'height' | 'area';
}

/**
 * Pseudo-Voigt `η·L + (1-η)·G` with one FWHM for both: height form `Height·(η L + (1-η) G)`
 * (silx `sum_pvoigt`), area form with unit-area L and G (silx `sum_apvoigt`).
 *
 * @example
 * ```ts
 * pseudoVoigt({ form: 'area' }).parameters; // ['Area', 'Position', 'FWHM', 'Eta']
 * ```
 */
export function pseudoVoigt(options: PseudoVoigtOptions = {}): Model {
  const form = options.form ?? 'height';
  if (form === 'height') return single('pseudoVoigt', ['Height', 'Position', 'FWHM', 'Eta']);
  if (form === 'area') return single('pseudoVoigtArea', ['Area', 'Position', 'FWHM', 'Eta']);
  throw new ArgumentError(`pseudoVoigt: options.form must be 'height' or 'area'; got ${show(form)}`);
}

/**
 * Split gaussian: FWHM `LowFWHM` where x < Position, `HighFWHM` elsewhere (silx `sum_splitgauss`).
 *
 * @example
 * ```ts
 * splitGaussian().parameters; // ['Height', 'Position', 'LowFWHM', 'HighFWHM']
 * ```
 */
export function splitGaussian(): Model {
  return single('splitGaussian', ['Height', 'Position', 'LowFWHM', 'HighFWHM']);
}

/**
 * Split lorentzian: FWHM `LowFWHM` where x < Position, `HighFWHM` elsewhere (silx `sum_splitlorentz`).
 *
 * @example
 * ```ts
 * splitLorentzian().parameters; // ['Height', 'Position', 'LowFWHM', 'HighFWHM']
 * ```
 */
export function splitLorentzian(): Model {
  return single('splitLorentzian', ['Height', 'Position', 'LowFWHM', 'HighFWHM']);
}

/**
 * Split pseudo-Voigt: `Height·(η L + (1-η) G)` with the side's FWHM (silx `sum_splitpvoigt`).
 *
 * @example
 * ```ts
 * splitPseudoVoigt().parameters; // ['Height', 'Position', 'LowFWHM', 'HighFWHM', 'Eta']
 * ```
 */
export function splitPseudoVoigt(): Model {
  return single('splitPseudoVoigt', ['Height', 'Position', 'LowFWHM', 'HighFWHM', 'Eta']);
}

/**
 * Step up `Height·½(1 + erf((x-Position)/(√2 σ)))`, σ = FWHM/(2√(2 ln2)) the width of its
 * gaussian derivative (silx `sum_stepup`).
 *
 * @example
 * ```ts
 * stepUp().parameters; // ['Height', 'Position', 'FWHM']
 * ```
 */
export function stepUp(): Model {
  return single('stepUp', ['Height', 'Position', 'FWHM']);
}

/**
 * Step down `Height·½ erfc((x-Position)/(√2 σ))`, σ = FWHM/(2√(2 ln2)) (silx `sum_stepdown`).
 *
 * @example
 * ```ts
 * stepDown().parameters; // ['Height', 'Position', 'FWHM']
 * ```
 */
export function stepDown(): Model {
  return single('stepDown', ['Height', 'Position', 'FWHM']);
}

/**
 * Slit `Height·¼(1 + erf u₁)·erfc u₂`, u₁,₂ = (x - Position ± FWHM/2)/(√2 σ_beam),
 * σ_beam = BeamFWHM/(2√(2 ln2)): a box of width FWHM with gaussian edges (silx `sum_slit`).
 *
 * @example
 * ```ts
 * slit().parameters; // ['Height', 'Position', 'FWHM', 'BeamFWHM']
 * ```
 */
export function slit(): Model {
  return single('slit', ['Height', 'Position', 'FWHM', 'BeamFWHM']);
}

/**
 * Arctangent step up `Height·(½ + atan((x-Position)/Width)/π)` (silx `atan_stepup`).
 *
 * @example
 * ```ts
 * atan().parameters; // ['Height', 'Position', 'Width']
 * ```
 */
export function atan(): Model {
  return single('atan', ['Height', 'Position', 'Width']);
}

/**
 * Polynomial of a degree from 0 to 25, coefficients highest power first and named a, b, c, ...
 * as silx's 'Degree n Polynomial' theories (numpy.poly1d order): degree 2 is `a·x² + b·x + c`.
 *
 * @example
 * ```ts
 * polynomial(2).parameters; // ['a', 'b', 'c']
 * ```
 */
export function polynomial(degree: number): Model {
  if (!Number.isInteger(degree) || degree < 0 || degree > 25) {
    throw new ArgumentError(`polynomial: degree must be an integer from 0 to 25; got ${show(degree)}`);
  }
  return single('polynomial', Array.from({ length: degree + 1 }, (_, j) => String.fromCharCode(97 + j)), degree);
}

/**
 * Constant background `Constant` (silx's background theory 'Constant').
 *
 * @example
 * ```ts
 * constant().parameters; // ['Constant']
 * ```
 */
export function constant(): Model {
  return single('constant', ['Constant']);
}

/**
 * Linear background `Constant + Slope·x` (silx's background theory 'Linear').
 *
 * @example
 * ```ts
 * linear().parameters; // ['Constant', 'Slope']
 * ```
 */
export function linear(): Model {
  return single('linear', ['Constant', 'Slope']);
}
