/**
 * Detectors by pyFAI's names: `detectorFactory('Pilatus1M')`, `detectorFactory('Eiger2 CdTe 4M')`,
 * `detectorFactory('Detector', { pixel1, pixel2, max_shape })`. Names are matched as pyFAI's
 * `detector_factory` matches them: the class name, or any name or alias case-insensitively, with
 * spaces written as `_` or left out.
 *
 * @example
 * ```ts
 * import { detectorFactory } from '@pandaas/integrate';
 * const det = detectorFactory('eiger_4m', { orientation: 2 });
 * det.name; // 'Eiger4M'
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { DETECTOR_MODELS } from './dectris.js';
import { Detector, GENERIC_MODEL, type DetectorModel, type DetectorOptions } from './detector.js';

/**
 * pyFAI's class names of the detectors this package knows, `Detector` (generic) last.
 *
 * @example
 * ```ts
 * DETECTOR_NAMES.includes('Eiger2_4M'); // true
 * ```
 */
export const DETECTOR_NAMES: readonly string[] = Object.freeze([...DETECTOR_MODELS.map((m) => m.name), GENERIC_MODEL.name]);

const BY_CLASS = new Map<string, DetectorModel>();
const BY_NAME = new Map<string, DetectorModel>();
for (const model of [...DETECTOR_MODELS, GENERIC_MODEL]) {
  BY_CLASS.set(model.name, model);
  BY_NAME.set(model.name.toLowerCase(), model);
  for (const alias of model.aliases) {
    BY_NAME.set(alias.toLowerCase().replaceAll(' ', '_'), model);
    BY_NAME.set(alias.toLowerCase().replaceAll(' ', ''), model);
  }
}

/**
 * The detector model of that name (pyFAI's matching rules), or undefined.
 *
 * @example
 * ```ts
 * findDetectorModel('Pilatus 1M')?.name; // 'Pilatus1M'
 * ```
 */
export function findDetectorModel(name: string): DetectorModel | undefined {
  const lower = name.toLowerCase();
  return BY_CLASS.get(name) ?? BY_NAME.get(lower) ?? BY_NAME.get(lower.replaceAll(' ', '_'));
}

function pair(value: unknown, key: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ArgumentError(`config.${key} must be [rows, cols] of positive integers; got ${show(value)}`);
  }
  return [value[0] as number, value[1] as number];
}

function unsupportedFile(value: unknown, key: string): void {
  if (value === null || value === undefined) return;
  throw new ArgumentError(
    `config.${key} is ${show(value)}: distortion files (spline or pixel offsets) are not supported; only regular pixel grids are`,
  );
}

function options(model: DetectorModel, config: Record<string, unknown>): DetectorOptions {
  const out: { -readonly [K in keyof DetectorOptions]: DetectorOptions[K] } = {};
  const pilatus = model.name.startsWith('Pilatus');
  for (const [key, value] of Object.entries(config)) {
    if (key === 'pixel1' || key === 'pixel2') {
      if (typeof value !== 'number') throw new ArgumentError(`config.${key} must be a number (metres); got ${show(value)}`);
      out[key] = value;
    } else if (key === 'max_shape') out.shape = value === null ? null : pair(value, key);
    else if (key === 'module_size' && model.layout !== undefined) out.moduleSize = pair(value, key);
    else if (key === 'orientation') {
      if (typeof value !== 'number') throw new ArgumentError(`config.orientation must be an integer 1-4; got ${show(value)}`);
      out.orientation = value;
    } else if (key === 'splineFile' && model === GENERIC_MODEL) unsupportedFile(value, key);
    else if ((key === 'x_offset_file' || key === 'y_offset_file') && pilatus) unsupportedFile(value, key);
    else throw new ArgumentError(`config has a key ${show(key)} that a ${model.name} detector does not take`);
  }
  if (model === GENERIC_MODEL && (out.pixel1 === undefined || out.pixel2 === undefined)) {
    throw new ArgumentError(`a generic Detector needs config.pixel1 and config.pixel2 (metres); got ${show(JSON.stringify(config))}`);
  }
  return out;
}

/**
 * The detector of that pyFAI name, configured by a `Detector_config` object (or its JSON text):
 * `pixel1`, `pixel2` (metres), `max_shape`, `module_size`, `orientation` (1–4). Throws
 * `ArgumentError` for an unknown name (listing the known ones), an unknown key or a bad value.
 *
 * @example
 * ```ts
 * detectorFactory('Pilatus1M').shape; // [1043, 981]
 * detectorFactory('Detector', { pixel1: 1e-4, pixel2: 1e-4, max_shape: [10, 20] }).shape; // [10, 20]
 * ```
 */
export function detectorFactory(name: string, config?: Record<string, unknown> | string): Detector {
  if (typeof name !== 'string') throw new ArgumentError(`name must be a detector name; got ${show(name)}`);
  const model = findDetectorModel(name);
  if (model === undefined) {
    throw new ArgumentError(`unknown detector ${show(name)}; known detectors: ${DETECTOR_NAMES.join(', ')}`);
  }
  let parsed: unknown = config ?? {};
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch (cause) {
      throw new ArgumentError(`config is not valid JSON: ${show(config)}`, { cause });
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ArgumentError(`config must be an object; got ${show(config)}`);
  }
  return new Detector(model, options(model, parsed as Record<string, unknown>));
}
