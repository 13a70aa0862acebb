/**
 * PONI files (pyFAI's `io/ponifile.py`): `key: value` lines, keys case-insensitive, `#` comments,
 * metres and radians.
 *
 * - v1: `PixelSize1`, `PixelSize2` (and optionally `Detector`, a pyFAI name), `SplineFile`
 *   (only `None`: distortion splines are not supported).
 * - v2: `Detector` (a pyFAI class name) and `Detector_config` (JSON of its constructor arguments).
 * - v2.1: v2 with `orientation` (EXIF 1–4) in `Detector_config`.
 *
 * The version is inferred as pyFAI does: a `Detector_config` makes it at least 2, an
 * `orientation` in it 2.1. `Distance` (or `Dist`), `Poni1`, `Poni2`, `Rot1`, `Rot2` and `Rot3`
 * are required; `Wavelength` is optional. Anything missing, malformed, repeated or unsupported
 * throws a {@link PoniError} naming the key, the line and the value.
 *
 * @example
 * ```ts
 * import { parsePoni, formatPoni } from '@pandaas/integrate';
 * const record = parsePoni(text, 'calib.poni');
 * const again = formatPoni(record); // PONI 2.1
 * ```
 * @module
 */
import { ArgumentError, isPandaasError, show } from '@pandaas/core';
import { Detector } from '../detectors/detector.js';
import { DETECTOR_NAMES, detectorFactory, findDetectorModel } from '../detectors/registry.js';
import { PoniError } from '../errors.js';
import type { Geometry } from './geometry.js';

/**
 * The PONI versions: 1 (pixel sizes), 2 (a detector name and its JSON configuration), 2.1 (with the
 * image orientation).
 *
 * @example
 * ```ts
 * const version: PoniVersion = parsePoni(text).version;
 * ```
 */
export type PoniVersion = 1 | 2 | 2.1;

/**
 * What a PONI file holds: the placement of a {@link Geometry} (its detector, distance, point of
 * normal incidence and rotations; metres and radians), the wavelength when the file gives one,
 * and the file's version.
 *
 * @example
 * ```ts
 * const record: PoniRecord = { version: 2.1, detector: detectorFactory('Pilatus1M'), dist: 0.1, poni1: 0.05, poni2: 0.06, rot1: 0, rot2: 0, rot3: 0 };
 * formatPoni(record);
 * ```
 */
export interface PoniRecord extends Pick<Geometry, 'detector' | 'dist' | 'poni1' | 'poni2' | 'rot1' | 'rot2' | 'rot3'> {
  /** The version the file was written in (or is to be written in). */
  readonly version: PoniVersion;
  /** Wavelength in metres, when the file gives one. */
  readonly wavelength?: number;
}

interface Entry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GEOMETRY_KEYS = ['poni1', 'poni2', 'rot1', 'rot2', 'rot3'] as const;

function readEntries(text: string, source: string | undefined): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const colon = raw.indexOf(':');
    const key = colon < 0 ? '' : raw.slice(0, colon).trim();
    if (key === '') throw new PoniError(`expected "key: value", got ${show(raw)}`, { source, line: n + 1 });
    let lower = key.toLowerCase();
    if (lower === 'dist') lower = 'distance';
    const value = stripComment(raw.slice(colon + 1).trim(), lower);
    const previous = entries.get(lower);
    if (previous !== undefined) {
      throw new PoniError(`key ${show(key)} is given twice (lines ${previous.line} and ${n + 1})`, { source, line: n + 1, key });
    }
    entries.set(lower, { key, value, line: n + 1 });
  }
  return entries;
}

function stripComment(value: string, key: string): string {
  if (key === 'detector_config') {
    const match = /^(\{.*\})\s+#.*$/.exec(value);
    return match === null ? value : match[1];
  }
  return value.replace(/\s+#.*$/, '');
}

class Reader {
  constructor(
    readonly entries: Map<string, Entry>,
    readonly source: string | undefined,
  ) {}

  fail(message: string, entry?: Entry, cause?: unknown): never {
    throw new PoniError(message, { source: this.source, line: entry?.line, key: entry?.key }, cause === undefined ? undefined : { cause });
  }

  number(name: string, label: string, required: true): number;
  number(name: string, label: string, required: false): number | undefined;
  number(name: string, label: string, required: boolean): number | undefined {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      if (required) this.fail(`key ${show(label)} is missing`);
      return undefined;
    }
    const value = NUMBER.test(entry.value) ? Number(entry.value) : Number.NaN;
    if (!Number.isFinite(value)) this.fail(`key ${show(entry.key)} has value ${show(entry.value)}, which is not a finite number`, entry);
    return value;
  }

  positive(name: string, label: string, required: boolean): number | undefined {
    const value = required ? this.number(name, label, true) : this.number(name, label, false);
    if (value !== undefined && !(value > 0)) {
      const entry = this.entries.get(name) as Entry;
      this.fail(`key ${show(entry.key)} has value ${show(entry.value)}, which must be positive`, entry);
    }
    return value;
  }
}

function readVersion(reader: Reader, config: Record<string, unknown> | undefined): PoniVersion {
  const entry = reader.entries.get('poni_version');
  let version = 1;
  if (entry !== undefined) {
    version = NUMBER.test(entry.value) ? Number(entry.value) : Number.NaN;
    if (version !== 1 && version !== 2 && version !== 2.1) {
      reader.fail(`key ${show(entry.key)} has value ${show(entry.value)}; the versions are 1, 2 and 2.1`, entry);
    }
  }
  if (config !== undefined) version = Math.max(version, Object.hasOwn(config, 'orientation') ? 2.1 : 2);
  return version as PoniVersion;
}

function readConfig(reader: Reader): Record<string, unknown> | undefined {
  const entry = reader.entries.get('detector_config');
  if (entry === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.value);
  } catch (cause) {
    reader.fail(`key ${show(entry.key)} has value ${show(entry.value)}, which is not JSON`, entry, cause);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    reader.fail(`key ${show(entry.key)} has value ${show(entry.value)}, which is not a JSON object`, entry);
  }
  return parsed as Record<string, unknown>;
}

function makeDetector(reader: Reader, entry: Entry, name: string, config?: Record<string, unknown>): Detector {
  try {
    return detectorFactory(name, config);
  } catch (err) {
    if (!isPandaasError(err)) throw err;
    reader.fail(`key ${show(entry.key)} has value ${show(entry.value)}: ${err.message}`, entry, err);
  }
}

function readDetectorV1(reader: Reader): Detector {
  const spline = reader.entries.get('splinefile');
  if (spline !== undefined && spline.value.toLowerCase() !== 'none') {
    reader.fail(`key ${show(spline.key)} has value ${show(spline.value)}: spline distortion files are not supported`, spline);
  }
  const named = reader.entries.get('detector');
  const pixel1 = reader.positive('pixelsize1', 'PixelSize1', false);
  const pixel2 = reader.positive('pixelsize2', 'PixelSize2', false);
  if (named !== undefined) {
    const detector = makeDetector(reader, named, named.value);
    if (pixel1 === undefined && pixel2 === undefined) return detector;
    if (pixel1 !== undefined && pixel2 !== undefined && detector.name !== 'Detector') {
      return makeDetector(reader, named, named.value, { pixel1, pixel2 });
    }
  }
  if (pixel1 === undefined) reader.fail('key "PixelSize1" is missing (PONI v1 without a known detector)');
  if (pixel2 === undefined) reader.fail('key "PixelSize2" is missing (PONI v1 without a known detector)');
  return Detector.generic({ pixel1, pixel2, shape: null });
}

/**
 * Reads a PONI file (v1, v2 or v2.1). `source` (a file name) is quoted in error messages.
 * Throws {@link PoniError} for missing, malformed, repeated or unsupported entries.
 *
 * @example
 * ```ts
 * parsePoni('poni_version: 2\nDetector: Pilatus1M\nDetector_config: {}\nDistance: 0.1\n' +
 *   'Poni1: 0.05\nPoni2: 0.06\nRot1: 0\nRot2: 0\nRot3: 0\nWavelength: 1e-10').dist; // 0.1
 * ```
 */
export function parsePoni(text: string, source?: string): PoniRecord {
  if (typeof text !== 'string') throw new ArgumentError(`text must be the PONI file's text; got ${show(text)}`);
  if (source !== undefined && typeof source !== 'string') throw new ArgumentError(`source must be a string; got ${show(source)}`);
  const reader = new Reader(readEntries(text, source), source);
  const config = readConfig(reader);
  const version = readVersion(reader, config);
  let detector: Detector;
  if (version === 1) detector = readDetectorV1(reader);
  else {
    const named = reader.entries.get('detector') ?? reader.fail(`key "Detector" is missing (PONI version ${version})`);
    if (config === undefined) reader.fail(`key "Detector_config" is missing (PONI version ${version})`);
    if (findDetectorModel(named.value) === undefined) {
      reader.fail(`key ${show(named.key)} has value ${show(named.value)}, which is not a known detector (${DETECTOR_NAMES.join(', ')})`, named);
    }
    detector = makeDetector(reader, reader.entries.get('detector_config') as Entry, named.value, config);
  }
  const dist = reader.positive('distance', 'Distance', true) as number;
  const [poni1, poni2, rot1, rot2, rot3] = GEOMETRY_KEYS.map((key) => reader.number(key, key[0].toUpperCase() + key.slice(1), true));
  const wavelength = reader.positive('wavelength', 'Wavelength', false);
  return { version, detector, dist, poni1, poni2, rot1, rot2, rot3, ...(wavelength === undefined ? {} : { wavelength }) };
}

/** JSON as Python's `json.dumps` spaces it (`{"a": 1, "b": [1, 2]}`). */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function checkRecord(record: PoniRecord): void {
  if (record === null || typeof record !== 'object') throw new ArgumentError(`record must be a PoniRecord; got ${show(record)}`);
  if (!(record.detector instanceof Detector)) throw new ArgumentError(`record.detector must be a Detector; got ${show(record.detector)}`);
  for (const key of ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3'] as const) {
    if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) {
      throw new ArgumentError(`record.${key} must be a finite number; got ${show(record[key])}`);
    }
  }
  if (record.wavelength !== undefined && !(Number.isFinite(record.wavelength) && record.wavelength > 0)) {
    throw new ArgumentError(`record.wavelength must be a positive finite number (metres) or undefined; got ${show(record.wavelength)}`);
  }
}

function detectorLinesV1(detector: Detector): string[] {
  if (detector.orientation !== 3) {
    throw new ArgumentError(`PONI v1 cannot store orientation ${detector.orientation}: write version 2.1`);
  }
  const config = detector.config();
  if (detector.name === 'Detector') {
    if (config.max_shape !== null) throw new ArgumentError('PONI v1 cannot store the detector shape: write version 2 or 2.1');
    return [`PixelSize1: ${detector.pixel1}`, `PixelSize2: ${detector.pixel2}`];
  }
  if ('max_shape' in config || 'module_size' in config) {
    throw new ArgumentError(`PONI v1 cannot store the ${detector.name} detector's ${pythonJson(config)}: write version 2 or 2.1`);
  }
  const pixels = 'pixel1' in config || 'pixel2' in config ? [`PixelSize1: ${detector.pixel1}`, `PixelSize2: ${detector.pixel2}`] : [];
  return [`Detector: ${detector.name}`, ...pixels];
}

/**
 * Writes a PONI file, version 2.1 by default (`record.version` is not consulted); version 2
 * (orientation 3 only) or 1 (orientation 3, and a generic detector of unknown shape or a named
 * detector with its default shape) on request — `ArgumentError` when the version cannot represent
 * the record. Numbers are written so that they read back exactly.
 *
 * @example
 * ```ts
 * formatPoni(parsePoni(text));    // PONI 2.1
 * formatPoni(parsePoni(text), 1); // PONI 1, if it can hold the geometry
 * ```
 */
export function formatPoni(record: PoniRecord, version: PoniVersion = 2.1): string {
  checkRecord(record);
  if (version !== 1 && version !== 2 && version !== 2.1) throw new ArgumentError(`version must be 1, 2 or 2.1; got ${show(version)}`);
  const { detector } = record;
  const lines = ['# Nota: C-Order, 1 refers to the Y axis, 2 to the X axis', '# Written by @pandaas/integrate', `poni_version: ${version}`];
  if (version === 1) lines.push(...detectorLinesV1(detector));
  else {
    const config = detector.config();
    if (version === 2) {
      if (detector.orientation !== 3) throw new ArgumentError(`PONI v2 cannot store orientation ${detector.orientation}: write version 2.1`);
      delete config.orientation;
    }
    lines.push(`Detector: ${detector.name}`, `Detector_config: ${pythonJson(config)}`);
  }
  lines.push(
    `Distance: ${record.dist}`,
    `Poni1: ${record.poni1}`,
    `Poni2: ${record.poni2}`,
    `Rot1: ${record.rot1}`,
    `Rot2: ${record.rot2}`,
    `Rot3: ${record.rot3}`,
  );
  if (record.wavelength !== undefined) lines.push(`Wavelength: ${record.wavelength}`);
  return `${lines.join('\n')}\n`;
}
