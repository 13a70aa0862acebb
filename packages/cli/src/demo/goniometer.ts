/**
 * pyFAI's goniometer model (`GoniometerRefinement` JSON, "Goniometer calibration v1.x" with a
 * `GeometryTransformation`): the six geometry parameters of a detector on a moving arm, each an
 * expression of the refined parameters and the motor position. pyFAI evaluates the expressions
 * with numexpr; the models it writes use plain arithmetic, which is what is accepted here.
 *
 * @module
 */
import { CliError } from '../framework/cli-error.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { parseExpression, type Expression } from './expression.js';

/** The PONI geometry of one arm position (metres and radians, pyFAI's conventions). */
export interface ArmGeometry {
  readonly dist: number;
  readonly poni1: number;
  readonly poni2: number;
  readonly rot1: number;
  readonly rot2: number;
  readonly rot3: number;
}

/** A parsed goniometer model. */
export interface GoniometerModel {
  /** The detector, as pyFAI names it (`'Pilatus 300kw'`). */
  readonly detector: string;
  /** Pixel size along axis 1 (rows) and axis 2 (columns), metres. */
  readonly pixel1: number;
  readonly pixel2: number;
  /** Wavelength the model was refined with, metres. */
  readonly wavelength: number;
  /** The refined parameters by name. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Each geometry parameter's expression, as written in the model. */
  readonly expressions: Readonly<Record<keyof ArmGeometry, string>>;
  /** The geometry at a motor position (the model's unit: degrees for a 2θ arm). */
  geometryAt(position: number): ArmGeometry;
}

const GEOMETRY_KEYS = ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Reads a goniometer model from its JSON text. `source` names it in errors (the file and the
 * dataset).
 *
 * @throws CliError (exit status 4, an input that is not what it claims) naming `source` and what
 * is wrong: not JSON, not a `GeometryTransformation` of one position, a parameter that is not a
 * number, an expression that is not arithmetic or uses an unknown name.
 * @example
 * ```ts
 * const model = parseGoniometerModel(jsonText, 'scan.nxs::/entry/instrument/detector/goniometer_model');
 * const { rot2 } = model.geometryAt(26.76); // radians
 * ```
 */
export function parseGoniometerModel(text: string, source: string): GoniometerModel {
  const bad = (why: string): never => {
    throw new CliError(`${source} is not a pyFAI goniometer model: ${why}`, EXIT_CODES.badInput);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return bad(`its text is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isRecord(json)) return bad('its JSON is not an object');
  if (typeof json.content !== 'string' || !json.content.startsWith('Goniometer calibration')) {
    bad(`its "content" is ${JSON.stringify(json.content)}, not "Goniometer calibration v1.x"`);
  }
  const names = json.param_names;
  const values = json.param;
  if (!Array.isArray(names) || !Array.isArray(values) || names.length !== values.length || !names.every((n) => typeof n === 'string')) {
    bad('"param_names" and "param" must be lists of the same length (names and numbers)');
  }
  const parameters: Record<string, number> = {};
  (names as string[]).forEach((name, i) => {
    if (!finite((values as unknown[])[i])) bad(`parameter ${JSON.stringify(name)} is ${JSON.stringify((values as unknown[])[i])}, not a finite number`);
    parameters[name] = (values as number[])[i]!;
  });
  for (const key of ['wavelength', 'pixel1', 'pixel2'] as const) {
    const value = json[key];
    if (!finite(value) || value <= 0) bad(`"${key}" is ${JSON.stringify(value)}, not a positive number (metres)`);
  }
  if (typeof json.detector !== 'string' || json.detector === '') bad(`"detector" is ${JSON.stringify(json.detector)}, not a detector name`);
  const transform = json.trans_function;
  if (!isRecord(transform) || transform.content !== 'GeometryTransformation') {
    bad(`"trans_function" must be a GeometryTransformation; got ${JSON.stringify(isRecord(transform) ? transform.content : transform)}`);
  }
  const t = transform as Record<string, unknown>;
  const positions = t.pos_names;
  if (!Array.isArray(positions) || positions.length !== 1 || typeof positions[0] !== 'string') {
    bad(`"pos_names" must name one motor position; got ${JSON.stringify(positions)}`);
  }
  const position = (positions as string[])[0]!;
  const constants: Record<string, number> = {};
  if (t.constants !== undefined) {
    if (!isRecord(t.constants)) bad('"constants" must be an object of numbers');
    for (const [name, value] of Object.entries(t.constants as Record<string, unknown>)) {
      if (!finite(value)) bad(`constant ${JSON.stringify(name)} is ${JSON.stringify(value)}, not a finite number`);
      constants[name] = value as number;
    }
  }
  const expressions = {} as Record<keyof ArmGeometry, string>;
  const compiled = {} as Record<keyof ArmGeometry, Expression>;
  for (const key of GEOMETRY_KEYS) {
    const expression = t[`${key}_expr`];
    if (typeof expression !== 'string') bad(`"${key}_expr" is ${JSON.stringify(expression)}, not an expression`);
    expressions[key] = expression as string;
    try {
      compiled[key] = parseExpression(expression as string, `${key}_expr`);
    } catch (err) {
      bad((err as Error).message);
    }
  }
  const geometryAt = (value: number): ArmGeometry => {
    const scope = { ...constants, ...parameters, [position]: value };
    const out = {} as Record<keyof ArmGeometry, number>;
    for (const key of GEOMETRY_KEYS) {
      let result: number;
      try {
        result = compiled[key](scope);
      } catch (err) {
        return bad((err as Error).message);
      }
      if (!Number.isFinite(result)) bad(`${key}_expr gives ${result} at ${position} = ${value}`);
      out[key] = result;
    }
    return out;
  };
  geometryAt(0); // unknown names and non-finite results are errors now, not at the first frame
  return {
    detector: json.detector as string,
    pixel1: json.pixel1 as number,
    pixel2: json.pixel2 as number,
    wavelength: json.wavelength as number,
    parameters,
    expressions,
    geometryAt,
  };
}
