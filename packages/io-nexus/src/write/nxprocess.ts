import { ArgumentError, NdArray, type TypedArray } from '@pandaas/core';
import { normalizePath } from '../h5/paths.js';
import type { H5Writer } from './h5-writer.js';
import { show } from '@pandaas/core';

/** A parameter value: a number, text, flag, list or array, or a group of further parameters. */
export type NxParameterValue =
  | number
  | string
  | boolean
  | readonly number[]
  | readonly string[]
  | TypedArray
  | NdArray
  | NxQuantity
  | NxParameters;

/** A value with its unit (written as a dataset with `@units`). */
export interface NxQuantity {
  readonly value: number | readonly number[] | TypedArray | NdArray;
  readonly units: string;
}

/** Named parameters; a nested object becomes a sub-group (NXcollection). */
export interface NxParameters {
  readonly [name: string]: NxParameterValue;
}

/**
 * What was run to make a result: NeXus NXprocess fields and the parameters used.
 *
 * @example
 * ```ts
 * const process: NxProcessDescription = {
 *   program: '@pandaas/integrate',
 *   version: '0.1.0',
 *   parameters: { npt: 5000, unit: '2th_deg', polarization_factor: 0.99, wavelength: { value: 1.393e-11, units: 'm' } },
 * };
 * ```
 */
export interface NxProcessDescription {
  /** The program's name. */
  readonly program: string;
  /** Its version. */
  readonly version: string;
  /** When it ran (default: now), written as ISO 8601 text. */
  readonly date?: Date | string;
  /** Position among the processing steps (`sequence_index`, from 1). */
  readonly sequenceIndex?: number;
  /** The parameters used, written into an NXparameters group `parameters`. */
  readonly parameters?: NxParameters;
  /** Free text (an NXnote `notes` with `data`). */
  readonly note?: string;
}

function isQuantity(value: object): value is NxQuantity {
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('value') && keys.includes('units') && typeof (value as NxQuantity).units === 'string';
}

async function writeParameters(writer: H5Writer, group: string, parameters: NxParameters, nxClass: string, argument: string): Promise<void> {
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new ArgumentError(`${argument} must be an object of named parameters; got ${show(parameters)}`);
  }
  writer.group(group, { NX_class: nxClass });
  for (const [name, value] of Object.entries(parameters)) {
    if (name === '' || name.includes('/') || name === '.' || name === '..') throw new ArgumentError(`${argument} has an invalid name ${show(name)}`);
    const at = `${group}/${name}`;
    if (value instanceof NdArray || ArrayBuffer.isView(value) || Array.isArray(value) || typeof value !== 'object' || value === null) {
      await writer.dataset(at, value as Parameters<H5Writer['dataset']>[1]);
    } else if (isQuantity(value)) {
      await writer.dataset(at, value.value, { attributes: { units: value.units } });
    } else {
      await writeParameters(writer, at, value as NxParameters, 'NXcollection', `${argument}.${name}`);
    }
  }
}

/**
 * Writes an NXprocess group at `path`: `program`, `version`, `date` (ISO 8601),
 * `sequence_index`, the parameters used (an NXparameters group, one dataset per parameter,
 * `{ value, units }` with `@units`, nested objects as NXcollection groups) and a note.
 *
 * @example
 * ```ts
 * import { writeH5, writeNxProcess } from '@pandaas/io-nexus';
 * await writeH5('result.nxs', async (w) => {
 *   await writeNxProcess(w, '/entry/process', { program: 'pandaas integrate', version: '0.1.0', parameters: { npt: 1000 } });
 * });
 * ```
 */
export async function writeNxProcess(writer: H5Writer, path: string, description: NxProcessDescription): Promise<void> {
  const d = description;
  if (d === null || typeof d !== 'object') throw new ArgumentError(`description must be an object; got ${show(d)}`);
  for (const key of ['program', 'version'] as const) {
    if (typeof d[key] !== 'string' || d[key] === '') throw new ArgumentError(`description.${key} must be a non-empty string; got ${show(d[key])}`);
  }
  const date = d.date ?? new Date();
  if (!(date instanceof Date ? Number.isFinite(date.getTime()) : typeof date === 'string')) throw new ArgumentError(`description.date must be a valid Date or a string; got ${show(date)}`);
  if (d.sequenceIndex !== undefined && !(Number.isInteger(d.sequenceIndex) && d.sequenceIndex >= 1)) {
    throw new ArgumentError(`description.sequenceIndex must be an integer from 1; got ${show(d.sequenceIndex)}`);
  }
  if (d.note !== undefined && typeof d.note !== 'string') throw new ArgumentError(`description.note must be a string; got ${show(d.note)}`);
  const group = normalizePath(path);
  if (group === '/') throw new ArgumentError('path must name the NXprocess group, not the root');
  writer.group(group, { NX_class: 'NXprocess' });
  await writer.dataset(`${group}/program`, d.program);
  await writer.dataset(`${group}/version`, d.version);
  await writer.dataset(`${group}/date`, date instanceof Date ? date.toISOString() : date);
  if (d.sequenceIndex !== undefined) await writer.dataset(`${group}/sequence_index`, d.sequenceIndex);
  if (d.parameters !== undefined) await writeParameters(writer, `${group}/parameters`, d.parameters, 'NXparameters', 'description.parameters');
  if (d.note !== undefined) {
    writer.group(`${group}/notes`, { NX_class: 'NXnote' });
    await writer.dataset(`${group}/notes/type`, 'text/plain');
    await writer.dataset(`${group}/notes/data`, d.note);
  }
}
