/**
 * Reading a goniometer model file (pyFAI's `Goniometer.to_dict` JSON, "Goniometer calibration
 * v1.1" or "v2") into what {@link GoniometerModel} evaluates, every key checked: a missing,
 * malformed or unsupported key is a `PoniError` naming the key and its value.
 *
 * @module
 */
import { isPandaasError, show } from '@pandaas/core';
import type { Detector } from '../detectors/detector.js';
import { detectorFactory, findDetectorModel } from '../detectors/registry.js';
import { PoniError } from '../errors.js';
import { compileExpression, type CompiledExpression } from './expression.js';
import type { GoniometerModel } from './goniometer-model.js';

/**
 * A PONI parameter a goniometer model gives an expression for (`rot2` for `rot2_expr`).
 *
 * @example
 * ```ts
 * const key: PoniKey = 'rot2';
 * model.expressions[key]; // 'rot2_scale * pos + rot2_offset'
 * ```
 */
export type PoniKey = 'dist' | 'poni1' | 'poni2' | 'rot1' | 'rot2' | 'rot3';

/**
 * The six PONI parameters a model gives, in pyFAI's order.
 *
 * @example
 * ```ts
 * PONI_KEYS.map((key) => `${key}_expr`); // ['dist_expr', 'poni1_expr', ...]
 * ```
 */
export const PONI_KEYS: readonly PoniKey[] = ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3'];

/**
 * The versions (`content`) of the goniometer model file pyFAI 0.21 reads.
 *
 * @example
 * ```ts
 * GONIOMETER_VERSIONS.includes(model.version); // true
 * ```
 */
export const GONIOMETER_VERSIONS = ['Goniometer calibration v1.1', 'Goniometer calibration v2'] as const;

/**
 * A version of {@link GONIOMETER_VERSIONS}.
 *
 * @example
 * ```ts
 * const version: GoniometerVersion = 'Goniometer calibration v2';
 * ```
 */
export type GoniometerVersion = (typeof GONIOMETER_VERSIONS)[number];

/**
 * A checked model file, ready to evaluate: what {@link GoniometerModel} shows of it, and the
 * compiled expressions.
 *
 * @example
 * ```ts
 * const record: ModelRecord = readModel(text, 'ROBL_v1.json');
 * record.compiled.rot2(record.values); // NaN until the positions are filled in
 * ```
 */
export interface ModelRecord extends Pick<GoniometerModel, 'version' | 'detector' | 'wavelength' | 'parameters' | 'positionNames' | 'constants' | 'expressions'> {
  /** Each expression, a function of `variables` (parameters, positions, constants). */
  readonly compiled: Readonly<Record<PoniKey, CompiledExpression>>;
  /** The values of `variables`, positions NaN: a template to copy the positions into. */
  readonly values: Float64Array;
  /** Where the first position is in `values` (the others follow). */
  readonly firstPosition: number;
}

/** The transformations pyFAI 0.21 reads as a GeometryTransformation (the second is an alias). */
const TRANSFORMATIONS = ['GeometryTransformation', 'GeometryTranslation'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** JSON of a value, for messages (short: a long value is cut). */
function json(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

class Reader {
  constructor(readonly source: string) {}

  fail(key: string | undefined, message: string, cause?: unknown): never {
    throw new PoniError(message, { source: this.source, ...(key === undefined ? {} : { key }) }, cause === undefined ? undefined : { cause });
  }

  bad(key: string, value: unknown, why: string, cause?: unknown): never {
    return this.fail(key, `key ${show(key)} has value ${json(value)}: ${why}`, cause);
  }

  names(key: string, value: unknown): string[] {
    if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name !== '')) {
      this.bad(key, value, 'it must be a list of names');
    }
    return value as string[];
  }
}

function readDetector(reader: Reader, doc: Record<string, unknown>, version: GoniometerVersion): Detector {
  const name = doc.detector;
  if (typeof name !== 'string' || name === '') reader.bad('detector', name, 'it must be the name of a detector');
  let config: Record<string, unknown> = {};
  let key = 'detector';
  if (version === 'Goniometer calibration v2') {
    // v2: the detector's constructor arguments, as in a PONI file's Detector_config
    const given = doc.detector_config;
    if (given !== undefined && given !== null) {
      if (!isRecord(given)) reader.bad('detector_config', given, 'it must be an object of the detector\'s settings');
      config = given;
      key = 'detector_config';
    }
  } else {
    // v1.1: the settings are top-level keys, and pyFAI takes only those the detector's
    // configuration has (a Pilatus has a fixed pixel size: its "pixel1" is not read)
    const model = findDetectorModel(name as string);
    const settings = model === undefined ? [] : [model.pixel1 === undefined && 'pixel1', model.pixel2 === undefined && 'pixel2', model.maxShape === undefined && 'max_shape'];
    for (const setting of settings) {
      if (setting !== false && doc[setting] !== undefined) config[setting] = doc[setting];
    }
  }
  try {
    return detectorFactory(name as string, config);
  } catch (err) {
    if (!isPandaasError(err)) throw err;
    return reader.bad(key, doc[key], err.message, err);
  }
}

function readNumbers(reader: Reader, key: string, value: unknown): number[] {
  if (!Array.isArray(value) || !value.every(isFiniteNumber)) reader.bad(key, value, 'it must be a list of finite numbers');
  return value as number[];
}

function readConstants(reader: Reader, value: unknown): Record<string, number> {
  // pyFAI's variables: pi, then the model's constants (which may redefine pi)
  const constants: Record<string, number> = { pi: Math.PI };
  if (value === undefined || value === null) return constants;
  if (!isRecord(value)) reader.bad('trans_function.constants', value, 'it must be an object of named numbers');
  for (const [name, number] of Object.entries(value as Record<string, unknown>)) {
    if (!isFiniteNumber(number)) reader.bad(`trans_function.constants.${name}`, number, 'a constant must be a finite number');
    constants[name] = number;
  }
  return constants;
}

/**
 * Reads and checks a model file's text; `source` names it in errors.
 *
 * @throws PoniError naming the key and its value for anything pyFAI 0.21 would not evaluate as
 * a GeometryTransformation, or that it would evaluate to NaN without a word (an unknown name,
 * parameters and their values of different counts)
 * @example
 * ```ts
 * const record = readModel(readFileSync('ROBL_v1.json', 'utf8'), 'ROBL_v1.json');
 * record.expressions.rot2; // 'rot2_scale * pos + rot2_offset'
 * ```
 */
export function readModel(text: string, source: string): ModelRecord {
  const reader = new Reader(source);
  if (typeof text !== 'string') reader.fail(undefined, `the goniometer model must be JSON text; got ${show(text)}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    reader.fail(undefined, `the goniometer model is not JSON (${err instanceof Error ? err.message : String(err)})`, err);
  }
  if (!isRecord(doc)) return reader.fail(undefined, `the goniometer model must be a JSON object; got ${json(doc)}`);

  const version = doc.content;
  if (!GONIOMETER_VERSIONS.includes(version as GoniometerVersion)) {
    reader.bad('content', version, `it is not a goniometer model of a version pyFAI 0.21 reads (${GONIOMETER_VERSIONS.map((v) => JSON.stringify(v)).join(' or ')})`);
  }
  const detector = readDetector(reader, doc, version as GoniometerVersion);
  const wavelength = doc.wavelength ?? undefined;
  if (wavelength !== undefined && !(isFiniteNumber(wavelength) && wavelength > 0)) {
    reader.bad('wavelength', wavelength, 'it must be a positive number of metres');
  }

  const transform = doc.trans_function;
  if (!isRecord(transform)) return reader.bad('trans_function', transform, 'it must be the object of a GeometryTransformation');
  const kind = transform.content ?? 'GeometryTransformation';
  if (!TRANSFORMATIONS.includes(kind as string)) {
    const why = kind === 'ExtendedTransformation' ? 'an ExtendedTransformation (a fitted wavelength) is not supported' : 'it is not a transformation pyFAI knows';
    reader.bad('trans_function.content', kind, `${why}; only a GeometryTransformation is`);
  }
  const paramNames = reader.names('trans_function.param_names', transform.param_names);
  const positionNames = transform.pos_names === undefined || transform.pos_names === null ? ['pos'] : reader.names('trans_function.pos_names', transform.pos_names);
  if (positionNames.length === 0) reader.bad('trans_function.pos_names', transform.pos_names, 'a model needs at least one motor position');
  // the top-level copies pyFAI writes beside the transformation's must say the same
  for (const [key, names] of [['param_names', paramNames], ['pos_names', positionNames]] as const) {
    if (doc[key] !== undefined && JSON.stringify(doc[key]) !== JSON.stringify(names)) {
      reader.bad(key, doc[key], `it differs from "trans_function.${key}" (${json(names)})`);
    }
  }

  const param = doc.param === undefined ? undefined : readNumbers(reader, 'param', doc.param);
  if (param === undefined && paramNames.length > 0) reader.fail('param', `key "param" is missing: the values of the parameters ${json(paramNames)}`);
  if ((param ?? []).length !== paramNames.length) {
    reader.bad('param', param, `it has ${param!.length} values for the ${paramNames.length} parameters of "trans_function.param_names" (${json(paramNames)})`);
  }
  const constants = readConstants(reader, transform.constants);
  const variables: string[] = [];
  const values: number[] = [];
  const add = (key: string, list: readonly string[], name: string, value: number) => {
    // pyFAI refuses a name defined twice (as it does a parameter or position named like a constant)
    if (variables.includes(name)) reader.bad(key, list, `${show(name)} is defined twice among the parameters, positions and constants (pi included)`);
    variables.push(name);
    values.push(value);
  };
  for (const [name, value] of Object.entries(constants)) {
    variables.push(name);
    values.push(value);
  }
  paramNames.forEach((name, i) => add('trans_function.param_names', paramNames, name, param![i]!));
  const firstPosition = variables.length;
  for (const name of positionNames) add('trans_function.pos_names', positionNames, name, NaN);

  const expressions = {} as Record<PoniKey, string>;
  const compiled = {} as Record<PoniKey, CompiledExpression>;
  for (const name of PONI_KEYS) {
    const key = `trans_function.${name}_expr`;
    const expression = transform[`${name}_expr`];
    if (typeof expression !== 'string') reader.bad(key, expression, `it must be the expression of ${name}`);
    expressions[name] = expression as string;
    compiled[name] = compileExpression(expression as string, variables, (why) => reader.bad(key, expression, why));
  }

  return {
    version: version as GoniometerVersion,
    detector,
    wavelength: wavelength as number | undefined,
    parameters: Object.freeze(Object.fromEntries(paramNames.map((name, i) => [name, param![i]!]))),
    positionNames: Object.freeze([...positionNames]),
    constants: Object.freeze(constants),
    expressions: Object.freeze(expressions),
    compiled,
    values: Float64Array.from(values),
    firstPosition,
  };
}
