/**
 * pyFAI's goniometer model (`pyFAI.goniometer.Goniometer` with a `GeometryTransformation`): a
 * detector on a moving arm, whose six PONI parameters are expressions of refined parameters and
 * the motor positions (`rot2 = rot2_scale * pos + rot2_offset`). Read from the JSON file pyFAI's
 * goniometer calibration writes ("Goniometer calibration v1.1" or "v2"), it gives the geometry of
 * any arm position, as pyFAI's `get_ai(position)` does.
 *
 * @example
 * ```ts
 * import { GoniometerModel } from '@pandaas/integrate';
 * const model = GoniometerModel.fromJson(readFileSync('ROBL_v1.json', 'utf8'), 'ROBL_v1.json');
 * const ai = model.geometry(26.76); // an AzimuthalIntegrator, the arm at 2θ = 26.76°
 * const { rot2 } = model.transform(26.76); // radians
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import type { Detector } from '../detectors/detector.js';
import { AzimuthalIntegrator } from '../integrator/azimuthal-integrator.js';
import { PONI_KEYS, readModel, type GoniometerVersion, type ModelRecord, type PoniKey } from './read-model.js';

/**
 * The six PONI parameters of one arm position (metres and radians; pyFAI's `PoniParam`).
 *
 * @example
 * ```ts
 * const { dist, poni1, poni2, rot1, rot2, rot3 }: PoniParameters = model.transform(11.12);
 * ```
 */
export type PoniParameters = Readonly<Record<PoniKey, number>>;

/**
 * A goniometer model read from pyFAI's JSON file. Immutable; evaluating it allocates only the
 * result.
 *
 * What it reads: `content` ("Goniometer calibration v1.1" or "v2"), `detector` with its settings
 * (v2: `detector_config`; v1.1: the top-level keys the detector takes, as pyFAI does: a generic
 * `Detector`'s `pixel1`, `pixel2`, `max_shape`), `wavelength` (optional, metres), `param` (the
 * values of `trans_function.param_names`), and `trans_function` (`GeometryTransformation`):
 * `param_names`, `pos_names` (`["pos"]` when absent), `dist_expr` ... `rot3_expr` and
 * `constants` (with `pi` defined unless redefined). The expressions are numexpr's arithmetic as
 * pyFAI uses it: numbers, names, `+ - * / **`, unary minus, parentheses and the real functions
 * `abs`, `sqrt`, `exp`, `expm1`, `log`, `log10`, `log1p`, `sin`, `cos`, `tan`, `arcsin`,
 * `arccos`, `arctan`, `arctan2`, `sinh`, `cosh`, `tanh`, `arcsinh`, `arccosh`, `arctanh`,
 * `floor`, `ceil`, `fmod`.
 *
 * Stricter than pyFAI, on purpose: a name that is no parameter, position or constant is an error
 * (pyFAI evaluates it as NaN), and so are `param` and `param_names` of different lengths (pyFAI
 * drops the extra ones). ExtendedTransformation models (a fitted wavelength) are not supported.
 *
 * @example
 * ```ts
 * const model = GoniometerModel.fromJson(text, 'ROBL_v1.json');
 * model.positionNames; // ['pos']
 * model.expressions.rot2; // 'rot2_scale * pos + rot2_offset'
 * const frames = [11.12, 26.76, 39].map((tth) => model.geometry(tth));
 * ```
 */
export class GoniometerModel {
  /** The file's version (`content`). */
  readonly version: GoniometerVersion;
  /** The detector on the arm. */
  readonly detector: Detector;
  /** The wavelength (metres), when the model gives one. */
  readonly wavelength: number | undefined;
  /** The refined parameters, by name, in the file's order. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The motor positions an arm position is given by, in order (`['pos']`). */
  readonly positionNames: readonly string[];
  /** The constants the expressions may use (`pi` and the model's own). */
  readonly constants: Readonly<Record<string, number>>;
  /** Each PONI parameter's expression, as the file writes it. */
  readonly expressions: Readonly<Record<PoniKey, string>>;
  readonly #record: ModelRecord;
  readonly #source: string;

  private constructor(record: ModelRecord, source: string) {
    this.version = record.version;
    this.detector = record.detector;
    this.wavelength = record.wavelength;
    this.parameters = record.parameters;
    this.positionNames = record.positionNames;
    this.constants = record.constants;
    this.expressions = record.expressions;
    this.#record = record;
    this.#source = source;
  }

  /**
   * Reads a model from the text of pyFAI's goniometer JSON file (`GoniometerRefinement.save`);
   * `source` names it in errors.
   *
   * @throws PoniError (`E_FORMAT`) naming the source, the key and its value: text that is not
   * JSON, another `content`, an unknown detector, a parameter, constant or wavelength that is not
   * a number, `param` and `param_names` of different lengths, a name defined twice, an
   * expression that is not one pyFAI evaluates (`'rot2_scale * pos +'`) or that uses an unknown
   * name or function, an unsupported transformation.
   * @example
   * ```ts
   * const model = GoniometerModel.fromJson(await readFile('gonio.json', 'utf8'), 'gonio.json');
   * ```
   */
  static fromJson(text: string, source = 'goniometer model'): GoniometerModel {
    return new GoniometerModel(readModel(text, source), source);
  }

  /**
   * The six PONI parameters at an arm position (pyFAI's `trans_function(param, position)`).
   *
   * @param position - the motor position: a number for a model of one position (`pos_names`),
   * else one number per position, in the order of `positionNames`
   * @throws ArgumentError for a position that is not finite or not one number per motor, and when
   * an expression is not finite there (`dist / pos` at 0), naming the expression and the position
   * @example
   * ```ts
   * model.transform(26.76); // { dist: 0.918..., poni1: 0.0161..., ..., rot2: 0.4665..., rot3: 5.9e-9 }
   * twoAxes.transform([35.5, -0.02]);
   * ```
   */
  transform(position: number | readonly number[]): PoniParameters {
    const record = this.#record;
    const names = this.positionNames;
    const given = typeof position === 'number' ? [position] : position;
    if (!Array.isArray(given) || given.length !== names.length || !given.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      const wanted = names.length === 1 ? `a finite number (${names[0]})` : `${names.length} finite numbers (${names.join(', ')})`;
      throw new ArgumentError(`position must be ${wanted} for the goniometer model of ${this.#source}; got ${show(position)}`);
    }
    const values = record.values.slice();
    given.forEach((v, i) => (values[record.firstPosition + i] = v));
    const out = {} as Record<PoniKey, number>;
    for (const key of PONI_KEYS) {
      const value = record.compiled[key](values);
      if (!Number.isFinite(value)) {
        const at = names.map((name, i) => `${name} = ${given[i]}`).join(', ');
        throw new ArgumentError(`position ${show(position)}: ${key}_expr ${show(this.expressions[key])} of ${this.#source} is ${value} at ${at}, not a finite number`);
      }
      out[key] = value;
    }
    return out;
  }

  /**
   * The integrator of an arm position: the model's detector and wavelength, placed by
   * {@link transform} (pyFAI's `get_ai(position)`).
   *
   * @throws ArgumentError as {@link transform}, and for a distance that is not positive there
   * @example
   * ```ts
   * const ai = model.geometry(26.76);
   * const pattern = await ai.integrate1d(frame, { npt: 2000, unit: '2th_deg' });
   * ```
   */
  geometry(position: number | readonly number[]): AzimuthalIntegrator {
    const poni = this.transform(position);
    if (!(poni.dist > 0)) {
      throw new ArgumentError(`position ${show(position)}: dist_expr ${show(this.expressions.dist)} of ${this.#source} gives the distance ${poni.dist} m there; a geometry needs a positive one`);
    }
    return new AzimuthalIntegrator({ ...poni, detector: this.detector, ...(this.wavelength === undefined ? {} : { wavelength: this.wavelength }) });
  }
}
