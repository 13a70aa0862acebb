import { ArgumentError, show } from '@pandaas/core';
import type { SilxTheoryName } from '../estimate/estimate.js';
import type { BackgroundKind } from '../estimate/options.js';

/**
 * silx FitManager's theory names (fittheories.THEORY, without Hypermet), as {@link FitManager} lists them.
 *
 * @example
 * ```ts
 * import { FitManager, THEORY_NAMES } from '@pandaas/fit';
 * new FitManager().setTheory(THEORY_NAMES[4]); // 'Pseudo-Voigt Line'
 * ```
 */
export const THEORY_NAMES: readonly SilxTheoryName[] = [
  'Gaussians', 'Lorentz', 'Area Gaussians', 'Area Lorentz', 'Pseudo-Voigt Line', 'Area Pseudo-Voigt', 'Split Gaussian',
  'Split Lorentz', 'Split Pseudo-Voigt', 'Step Down', 'Step Up', 'Slit', 'Atan', 'Degree 2 Polynomial', 'Degree 3 Polynomial',
  'Degree 4 Polynomial', 'Degree 5 Polynomial',
];

/**
 * silx FitManager's background names (bgtheories.THEORY).
 *
 * @example
 * ```ts
 * import { BACKGROUND_NAMES, FitManager } from '@pandaas/fit';
 * new FitManager().setBackground('Snip'); // one of BACKGROUND_NAMES
 * BACKGROUND_NAMES.includes('Strip'); // true
 * ```
 */
export const BACKGROUND_NAMES: readonly string[] = [
  'No Background', 'Constant', 'Linear', 'Strip', 'Snip', 'Degree 2 Polynomial', 'Degree 3 Polynomial', 'Degree 4 Polynomial',
  'Degree 5 Polynomial',
];

/**
 * A background: silx's name, or the estimate's kind ('polynomial' with its degree in the options).
 *
 * @example
 * ```ts
 * import { FitManager, type BackgroundName } from '@pandaas/fit';
 * const background: BackgroundName = 'Degree 3 Polynomial';
 * new FitManager().setBackground(background);
 * ```
 */
export type BackgroundName = BackgroundKind | 'No Background' | 'Constant' | 'Linear' | 'Strip' | 'Snip'
  | 'Degree 2 Polynomial' | 'Degree 3 Polynomial' | 'Degree 4 Polynomial' | 'Degree 5 Polynomial';

const SILX_BACKGROUNDS: Readonly<Record<string, BackgroundKind>> = {
  'No Background': 'none', Constant: 'constant', Linear: 'linear', Strip: 'strip', Snip: 'snip',
};

/**
 * The estimate's background kind (and polynomial degree, when the name gives one) of a background name.
 *
 * @example
 * ```ts
 * backgroundKind('Degree 3 Polynomial'); // { kind: 'polynomial', degree: 3 }
 * ```
 */
export function backgroundKind(name: BackgroundName): { kind: BackgroundKind; degree?: number } {
  const silx = SILX_BACKGROUNDS[name];
  if (silx !== undefined) return { kind: silx };
  const poly = /^Degree ([2-5]) Polynomial$/.exec(name);
  if (poly !== null) return { kind: 'polynomial', degree: Number(poly[1]) };
  if (['none', 'constant', 'linear', 'strip', 'snip', 'polynomial'].includes(name)) return { kind: name as BackgroundKind };
  throw new ArgumentError(`background must be one of ${BACKGROUND_NAMES.map((n) => `'${n}'`).join(', ')} (or none, constant, linear, strip, snip, polynomial); got ${show(name)}`);
}
