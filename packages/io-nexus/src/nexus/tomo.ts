import { ObjectNotFoundError } from '../errors.js';
import type { H5Dataset, H5File, H5Group } from '../h5/objects.js';
import { asString } from './attr-values.js';
import { fieldOf, findNxGroups, groupOf } from './find.js';
import { toDegrees } from './units.js';

/**
 * NXtomo's `image_key` values.
 *
 * @example
 * ```ts
 * const flats = [...scan.imageKey.keys()].filter((i) => scan.imageKey[i] === IMAGE_KEY.flat);
 * ```
 */
export const IMAGE_KEY = { projection: 0, flat: 1, dark: 2, invalid: 3 } as const;

/** An NXtomo scan: the frames, what each frame is, and the rotation angle of each. */
export interface TomoScan {
  /** The NXentry read. */
  readonly entry: string;
  /** The detector frames, `[frames, rows, cols]` (stream them with `frames()`). */
  readonly data: H5Dataset;
  /** Per frame: 0 projection, 1 flat (white), 2 dark, 3 invalid; all 0 when the file has no `image_key`. */
  readonly imageKey: Int32Array;
  /** Per frame, degrees; undefined when the file has no `rotation_angle`. */
  readonly rotationAngle?: Float64Array;
  /** Frame indices by kind, in order. */
  readonly projections: readonly number[];
  readonly flats: readonly number[];
  readonly darks: readonly number[];
  readonly invalid: readonly number[];
  /** Fields that disagree with the frames (wrong lengths, unknown units, unknown keys) or are missing (`image_key`). */
  readonly problems: readonly string[];
}

/**
 * Reads an NXtomo entry (`definition` = `NXtomo`, or the entry given): the detector frames
 * (`instrument/NXdetector/data`, else the `data` group's `data`), `image_key` and
 * `sample/rotation_angle` (in degrees), with the frames sorted into projections, flats and darks.
 *
 * @example
 * ```ts
 * import { frames, openH5, readTomo } from '@pandaas/io-nexus';
 * const scan = await readTomo(await openH5('tomo.nx'));
 * const darks = await scan.data.read([scan.darks]); // or stream: frames(scan.data)
 * ```
 */
export async function readTomo(file: H5File, options: { entry?: string } = {}): Promise<TomoScan> {
  const entry = options.entry === undefined ? await findTomoEntry(file) : await file.group(options.entry);
  const problems: string[] = [];
  const instrument = (await findNxGroups(entry, 'NXinstrument'))[0] ?? (await groupOf(entry, 'instrument'));
  const detector = instrument === undefined ? undefined : ((await findNxGroups(instrument, 'NXdetector'))[0] ?? (await groupOf(instrument, 'detector')));
  const dataGroup = await groupOf(entry, 'data');
  const data = (detector && (await fieldOf(detector, 'data'))) ?? (dataGroup && (await fieldOf(dataGroup, 'data')));
  if (data === undefined || data.shape === null || data.shape.length < 1) {
    throw new ObjectNotFoundError({ file: file.name, path: entry.path }, 'no detector frames: neither instrument/<NXdetector>/data nor data/data is a dataset of rank >= 1');
  }
  const n = data.shape[0];

  const keyField = (detector && (await fieldOf(detector, 'image_key'))) ?? (dataGroup && (await fieldOf(dataGroup, 'image_key')));
  let imageKey = new Int32Array(n);
  if (keyField !== undefined) {
    const keys = (await keyField.read([], { int64: 'int32' })).dataSync();
    if (keys.length !== n) problems.push(`${keyField.path} has ${keys.length} values for ${n} frames`);
    else imageKey = Int32Array.from(keys);
  } else {
    problems.push('no image_key: every frame is taken for a projection (no flats, no darks)');
  }

  const sample = (await findNxGroups(entry, 'NXsample'))[0] ?? (await groupOf(entry, 'sample'));
  const angleField = (sample && (await fieldOf(sample, 'rotation_angle'))) ?? (dataGroup && (await fieldOf(dataGroup, 'rotation_angle')));
  let rotationAngle: Float64Array | undefined;
  if (angleField !== undefined) {
    const values = (await angleField.read()).dataSync();
    const units = asString(await angleField.attr('units')) ?? 'degree';
    const scale = toDegrees(1, units);
    if (values.length !== n) problems.push(`${angleField.path} has ${values.length} values for ${n} frames`);
    else if (scale === undefined) problems.push(`${angleField.path}: units "${units}" are not an angle`);
    else rotationAngle = Float64Array.from(values, (v) => v * scale);
  }

  const byKey = (key: number) => [...imageKey.keys()].filter((i) => imageKey[i] === key);
  const unknown = [...new Set(imageKey)].filter((k) => k < 0 || k > 3);
  if (unknown.length > 0) problems.push(`image_key holds values other than 0-3: ${unknown.join(', ')}`);
  return {
    entry: entry.path,
    data,
    imageKey,
    rotationAngle,
    projections: byKey(IMAGE_KEY.projection),
    flats: byKey(IMAGE_KEY.flat),
    darks: byKey(IMAGE_KEY.dark),
    invalid: byKey(IMAGE_KEY.invalid),
    problems,
  };
}

async function findTomoEntry(file: H5File): Promise<H5Group> {
  for (const entry of await findNxGroups(await file.group('/'), 'NXentry')) {
    for (const group of [entry, ...(await findNxGroups(entry, 'NXsubentry'))]) {
      const definition = await fieldOf(group, 'definition');
      if (definition?.type.class === 'string' && asString(await definition.readValue()) === 'NXtomo') return group;
    }
  }
  throw new ObjectNotFoundError({ file: file.name, path: '/' }, 'no NXentry (or NXsubentry) with definition "NXtomo"');
}
