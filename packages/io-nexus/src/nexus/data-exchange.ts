import { ObjectNotFoundError } from '../errors.js';
import type { H5Dataset, H5File } from '../h5/objects.js';
import { asString } from './attr-values.js';
import { fieldOf, groupOf } from './find.js';
import { toDegrees } from './units.js';

/**
 * A tomography scan in the APS Data Exchange layout (the `/exchange` group of APS 2-BM and 32-ID
 * files, which tomopy and dxchange read): projections, flats and darks as three datasets, and
 * the projection angles.
 *
 * @example
 * ```ts
 * const { projections, flats, darks, rotationAngle } = await readDataExchange(file);
 * ```
 */
export interface DataExchangeScan {
  /** The group read (`/exchange`). */
  readonly group: string;
  /** The projections `[angles, rows, cols]` (`data`; stream them with `frames()`). */
  readonly projections: H5Dataset;
  /** The flat (white) fields `[n, rows, cols]` (`data_white`), when the file has them. */
  readonly flats?: H5Dataset;
  /** The dark fields `[n, rows, cols]` (`data_dark`), when the file has them. */
  readonly darks?: H5Dataset;
  /** The angle of each projection in degrees (`theta`, converted from its `@units`, degrees when it has none); undefined when missing or unusable (see `problems`). */
  readonly rotationAngle?: Float64Array;
  /** What disagrees with the projections: a `theta` of another length or units that are not an angle, flats or darks of another frame shape. */
  readonly problems: readonly string[];
}

/**
 * Reads the APS Data Exchange layout: `/exchange/data` (projections), `data_white` (flats),
 * `data_dark` (darks) and `theta` (one angle per projection, degrees unless its `@units` say
 * otherwise). Datasets are returned unread, to be streamed. A file without `/exchange/data` is an
 * {@link ObjectNotFoundError}; missing flats, darks or angles are left undefined.
 *
 * @example
 * ```ts
 * import { openH5, readDataExchange } from '@pandaas/io-nexus';
 * const scan = await readDataExchange(await openH5('tooth.h5'));
 * scan.projections.shape; // [181, 2, 640]
 * const white = await scan.flats?.read(); // [10, 2, 640]
 * ```
 */
export async function readDataExchange(file: H5File): Promise<DataExchangeScan> {
  const exchange = await groupOf(await file.group('/'), 'exchange');
  const projections = exchange && (await fieldOf(exchange, 'data'));
  const shape = projections?.shape;
  if (exchange === undefined || projections === undefined || shape === null || shape === undefined || shape.length !== 3) {
    throw new ObjectNotFoundError({ file: file.name, path: '/exchange' }, 'no Data Exchange projections: /exchange/data must be a 3-D dataset [angles, rows, columns]');
  }
  const problems: string[] = [];
  const frameOf = async (name: string): Promise<H5Dataset | undefined> => {
    const dataset = await fieldOf(exchange, name);
    if (dataset === undefined) return undefined;
    const s = dataset.shape;
    if (s === null || s.length !== 3 || s[1] !== shape[1] || s[2] !== shape[2]) {
      problems.push(`${dataset.path} has the shape ${JSON.stringify(s)}, not [n, ${shape[1]}, ${shape[2]}] as the projections`);
      return undefined;
    }
    return dataset;
  };
  const flats = await frameOf('data_white');
  const darks = await frameOf('data_dark');
  let rotationAngle: Float64Array | undefined;
  const theta = await fieldOf(exchange, 'theta');
  if (theta !== undefined) {
    const values = (await theta.read()).dataSync();
    const units = asString(await theta.attr('units')) ?? 'degree';
    const scale = toDegrees(1, units);
    if (values.length !== shape[0]) problems.push(`${theta.path} has ${values.length} values for ${shape[0]} projections`);
    else if (scale === undefined) problems.push(`${theta.path}: units "${units}" are not an angle`);
    else rotationAngle = Float64Array.from(values, (v) => Number(v) * scale);
  }
  return {
    group: exchange.path,
    projections,
    ...(flats === undefined ? {} : { flats }),
    ...(darks === undefined ? {} : { darks }),
    ...(rotationAngle === undefined ? {} : { rotationAngle }),
    problems,
  };
}
