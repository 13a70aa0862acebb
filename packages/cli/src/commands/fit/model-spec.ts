import {
  atan, constant, gaussian, gaussianArea, linear, lorentzian, lorentzianArea, polynomial, pseudoVoigt, slit, splitGaussian, splitLorentzian,
  splitPseudoVoigt, stepDown, stepUp, sum, type BackgroundName, type Model, type TheoryKind,
} from '@pandaas/fit';
import { UsageError } from '../../framework/cli-error.js';

/** A shape `--model` takes, as @pandaas/fit spells it: the theory the estimate runs, and its model. */
type ShapeKind = Exclude<TheoryKind, 'polynomial'>;

/** The peak and step shapes of `--model`, by the names of @pandaas/fit's model factories. */
const SHAPES: Readonly<Record<ShapeKind, () => Model>> = {
  gaussian,
  lorentzian,
  pseudoVoigt: () => pseudoVoigt({ form: 'height' }),
  gaussianArea,
  lorentzianArea,
  pseudoVoigtArea: () => pseudoVoigt({ form: 'area' }),
  splitGaussian,
  splitLorentzian,
  splitPseudoVoigt,
  stepUp,
  stepDown,
  slit,
  atan,
};

/** The shapes whose first parameter is a peak's height or area (not a step's). */
const PEAKS: ReadonlySet<ShapeKind> = new Set<ShapeKind>([
  'gaussian', 'lorentzian', 'pseudoVoigt', 'gaussianArea', 'lorentzianArea', 'pseudoVoigtArea', 'splitGaussian', 'splitLorentzian', 'splitPseudoVoigt',
]);

/**
 * The shape names, for `--help` and messages.
 *
 * @example
 * ```ts
 * SHAPE_NAMES.includes('pseudoVoigtArea'); // true
 * ```
 */
export const SHAPE_NAMES: readonly string[] = Object.keys(SHAPES);

/**
 * The background terms of `--model` (fitted parameters): constant, linear, polynomial2 to polynomial5.
 *
 * @example
 * ```ts
 * MODEL_BACKGROUND_NAMES.includes('polynomial3'); // true
 * ```
 */
export const MODEL_BACKGROUND_NAMES: readonly string[] = ['constant', 'linear', 'polynomial2', 'polynomial3', 'polynomial4', 'polynomial5'];

/**
 * The values of `--background`: parameters (constant, linear) or curves subtracted first (strip, snip).
 *
 * @example
 * ```ts
 * BACKGROUND_CHOICES.includes('snip'); // true
 * ```
 */
export const BACKGROUND_CHOICES: readonly string[] = ['none', 'constant', 'linear', 'strip', 'snip'];

/**
 * What `--model` and `--background` ask for.
 *
 * @example
 * ```ts
 * const spec: ModelSpec = parseModelSpec('lorentzian+constant'); // spec.background: 'constant'
 * ```
 */
export interface ModelSpec {
  /** The shape of every peak (or the step). */
  readonly shape: ShapeKind;
  /** The background as {@link FitManager} names it (`'Degree 3 Polynomial'` for polynomial3). */
  readonly background: BackgroundName;
  /** The background's term (`none`, `linear`, `polynomial3`, `strip`...). */
  readonly backgroundTerm: string;
  /** `shape+background`, as the results name the model. */
  readonly text: string;
  /** Whether the shape is a peak (height or area first), not a step, slit or arctangent. */
  readonly isPeak: boolean;
}

const BY_LOWER = new Map([...SHAPE_NAMES, ...MODEL_BACKGROUND_NAMES].map((name) => [name.toLowerCase(), name]));

/**
 * Reads `--model` (`shape[+background]`, terms in any order, any case) and `--background` into a
 * {@link ModelSpec}. Exactly one shape; the number of peaks comes from `--peaks`, not from the
 * model. A background given both ways must agree. Mistakes are {@link UsageError}s listing the
 * names.
 *
 * @example
 * ```ts
 * parseModelSpec('gaussian+linear'); // { shape: 'gaussian', background: 'linear', text: 'gaussian+linear', ... }
 * parseModelSpec('pseudovoigt', 'strip').text; // 'pseudoVoigt+strip'
 * ```
 */
export function parseModelSpec(model: string, backgroundOption?: string): ModelSpec {
  const terms = model.split('+').map((term) => term.trim());
  const names = terms.map((term) => {
    const name = BY_LOWER.get(term.toLowerCase());
    if (name === undefined) {
      throw new UsageError(
        `--model ${JSON.stringify(model)}: unknown term ${JSON.stringify(term)}; a model is SHAPE[+BACKGROUND] with SHAPE one of ${SHAPE_NAMES.join(', ')} and BACKGROUND one of ${MODEL_BACKGROUND_NAMES.join(', ')}`,
      );
    }
    return name;
  });
  const shapes = names.filter((name) => Object.hasOwn(SHAPES, name)) as ShapeKind[];
  const backgrounds = names.filter((name) => !Object.hasOwn(SHAPES, name));
  if (shapes.length !== 1) {
    throw new UsageError(
      shapes.length === 0
        ? `--model ${JSON.stringify(model)} has no peak shape: name one of ${SHAPE_NAMES.join(', ')}`
        : `--model ${JSON.stringify(model)} names ${shapes.length} shapes: give one shape and the number of peaks with --peaks (e.g. --model ${shapes[0]}+linear --peaks ${shapes.length})`,
    );
  }
  if (backgrounds.length > 1) throw new UsageError(`--model ${JSON.stringify(model)} names ${backgrounds.length} backgrounds (${backgrounds.join(', ')}): give one`);
  const fromModel = backgrounds[0];
  if (fromModel !== undefined && backgroundOption !== undefined && backgroundOption !== fromModel) {
    throw new UsageError(`--model ${JSON.stringify(model)} has the background ${fromModel} but --background is ${backgroundOption}: give one of them`);
  }
  const term = fromModel ?? backgroundOption ?? 'none';
  const degree = /^polynomial(\d)$/.exec(term)?.[1];
  const shape = shapes[0]!;
  return {
    shape,
    background: degree === undefined ? (term as BackgroundName) : (`Degree ${degree} Polynomial` as BackgroundName),
    backgroundTerm: term,
    text: term === 'none' ? shape : `${shape}+${term}`,
    isPeak: PEAKS.has(shape),
  };
}

/**
 * The model of `count` components of the spec's shape on its background (when that is a model:
 * constant, linear, polynomial), parameters named as @pandaas/fit's `sum` names them.
 *
 * @example
 * ```ts
 * buildModel(parseModelSpec('gaussian+linear'), 2).parameters; // ['Constant', 'Slope', 'Height1', ..., 'FWHM2']
 * ```
 */
export function buildModel(spec: ModelSpec, count: number): Model {
  const shapes = Array.from({ length: count }, () => SHAPES[spec.shape]());
  const background = backgroundModel(spec);
  return sum(...(background === null ? shapes : [background, ...shapes]));
}

/**
 * The background's own model (null for none, strip and snip, which are no parameters).
 *
 * @example
 * ```ts
 * backgroundModel(parseModelSpec('lorentzian+polynomial3'))?.parameters; // ['a', 'b', 'c', 'd']
 * ```
 */
export function backgroundModel(spec: ModelSpec): Model | null {
  const degree = /^polynomial(\d)$/.exec(spec.backgroundTerm)?.[1];
  if (degree !== undefined) return polynomial(Number(degree));
  if (spec.backgroundTerm === 'constant') return constant();
  if (spec.backgroundTerm === 'linear') return linear();
  return null;
}

/**
 * What `--peaks` asks for: the peaks the search finds, the N most intense of them, or peaks at given x.
 *
 * @example
 * ```ts
 * const peaks: PeaksSpec = { kind: 'positions', positions: [17.24, 17.72] };
 * ```
 */
export type PeaksSpec = { readonly kind: 'auto' } | { readonly kind: 'count'; readonly count: number } | { readonly kind: 'positions'; readonly positions: readonly number[] };

/**
 * Reads `--peaks`: `auto`, a count (digits only: `3`), or x positions (`17.24,17.72,18.28`; one
 * position at a whole x is written with a decimal point: `1474.0`).
 *
 * @example
 * ```ts
 * parsePeaks('auto'); // { kind: 'auto' }
 * parsePeaks('2'); // { kind: 'count', count: 2 }
 * parsePeaks('1474.0'); // { kind: 'positions', positions: [1474] }
 * ```
 */
export function parsePeaks(text: string): PeaksSpec {
  const trimmed = text.trim();
  if (trimmed === 'auto') return { kind: 'auto' };
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count < 1) throw new UsageError(`--peaks must be auto, a count of at least 1, or x positions; got ${JSON.stringify(text)}`);
    return { kind: 'count', count };
  }
  const parts = trimmed.split(',').map((part) => part.trim());
  const positions = parts.map((part) => (part === '' ? NaN : Number(part)));
  if (positions.some((value) => !Number.isFinite(value))) {
    throw new UsageError(`--peaks must be auto, a count (3) or x positions (17.24,17.72,18.28); got ${JSON.stringify(text)}`);
  }
  return { kind: 'positions', positions };
}
