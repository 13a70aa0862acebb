import { constant, gaussian, linear, pseudoVoigt, stepUp } from '../models/builtins.js';
import type { Model } from '../models/model.js';
import { sum } from '../models/sum.js';

const FACTORIES: Record<string, () => Model> = {
  constant, linear, gaussian, stepUp,
  pseudoVoigt: () => pseudoVoigt(),
  pseudoVoigtArea: () => pseudoVoigt({ form: 'area' }),
};

/**
 * The model a fixture names as a list of factories (`['linear', 'gaussian']`): their sum.
 *
 * @example
 * ```ts
 * fixtureModel(['linear', 'gaussian']).parameters; // ['Constant', 'Slope', 'Height1', 'Position1', 'FWHM1']
 * ```
 */
export function fixtureModel(parts: readonly string[]): Model {
  return sum(...parts.map((name) => {
    const factory = FACTORIES[name];
    if (factory === undefined) throw new Error(`no model factory ${JSON.stringify(name)} for fixtures`);
    return factory();
  }));
}
