import type { NdArray } from '@pandaas/core';
import { openH5 } from '@pandaas/io-nexus';
import { resolve } from 'node:path';
import { CliError, InterruptedError, UsageError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { formatLocation, openInput, parseLocation, type InputArray, type InputLocation } from '../../framework/inputs.js';

/**
 * The x of the curves (along the signal's last axis), and where it came from.
 *
 * @example
 * ```ts
 * const x: Abscissa = { values: Float64Array.of(0, 1, 2), name: 'index', source: 'index' };
 * ```
 */
export interface Abscissa {
  readonly values: Float64Array;
  readonly name: string;
  readonly units?: string;
  /** The file `--x` was read from: an input of the command, which no output may replace. */
  readonly file?: string;
  /** `dataset` (--x), `axis` (the NXdata's axis), `index` (0, 1, 2...), `bin centres` (of the axis' edges). */
  readonly source: 'dataset' | 'axis' | 'index' | 'bin centres';
}

/**
 * The x of `input`'s curves: the dataset `--x` names (a path in the input's file, or
 * FILE::/path; its `@units` kept), else the NXdata's axis along the last dimension (bin edges
 * give their centres), else the indices. Its length must be the curves'.
 *
 * @example
 * ```ts
 * const x = await readAbscissa(input, '/20.1/measurement/eta', process.cwd());
 * x.values.length === input.shape.at(-1); // true
 * ```
 */
export async function readAbscissa(input: InputArray, xOption: string | undefined, cwd: string): Promise<Abscissa> {
  const m = input.shape.at(-1)!;
  if (xOption !== undefined) {
    const location = xLocation(input, xOption, cwd);
    const xs = await openInput(location);
    try {
      const values = await toFloat64(await xs.read());
      if (xs.shape.length !== 1 || (values.length !== m && values.length !== m + 1)) {
        throw new CliError(`--x ${formatLocation(location)} has shape [${xs.shape.join(', ')}]: it needs ${m} values (or ${m + 1} bin edges), one per point of ${input.label}`, EXIT_CODES.mismatch);
      }
      const name = (location.path ?? xs.path ?? location.file).split('/').filter(Boolean).at(-1)!;
      const known = { name, ...(xs.units === undefined ? {} : { units: xs.units }), file: location.file };
      return values.length === m ? { values, ...known, source: 'dataset' } : { values: centres(values), ...known, source: 'bin centres' };
    } finally {
      await xs.close();
    }
  }
  const axis = await input.axis(input.shape.length - 1);
  if (axis !== undefined && (axis.values.length === m || axis.values.length === m + 1)) {
    const units = axis.units === undefined ? {} : { units: axis.units };
    return axis.values.length === m ? { values: axis.values, name: axis.name, ...units, source: 'axis' } : { values: centres(axis.values), name: axis.name, ...units, source: 'bin centres' };
  }
  return { values: Float64Array.from({ length: m }, (_, i) => i), name: 'index', source: 'index' };
}

function xLocation(input: InputArray, text: string, cwd: string): InputLocation {
  if (text.includes('::')) {
    const location = parseLocation(text);
    return { ...location, file: resolve(cwd, location.file) };
  }
  if (!text.startsWith('/') || input.path === undefined) {
    throw new UsageError(`--x must be FILE::/path, or /path in the input's HDF5 file; got ${JSON.stringify(text)}`);
  }
  return { file: input.file, path: text };
}

function centres(edges: Float64Array): Float64Array {
  return Float64Array.from({ length: edges.length - 1 }, (_, i) => (edges[i]! + edges[i + 1]!) / 2);
}

/**
 * An NdArray's values as float64 (its own array when already float64).
 *
 * @example
 * ```ts
 * await toFloat64(array([1, 2, 3], { dtype: 'int32' })); // Float64Array [1, 2, 3]
 * ```
 */
export async function toFloat64(values: NdArray): Promise<Float64Array> {
  const data = await values.data();
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/**
 * Consecutive curves of a signal, row-major, as float64.
 *
 * @example
 * ```ts
 * const batch: CurveBatch = { first: 8, count: 2, values: new Float64Array(2 * 128) }; // curves 8 and 9
 * ```
 */
export interface CurveBatch {
  /** Index of the first curve (curves counted over the leading dimensions, row-major). */
  readonly first: number;
  readonly count: number;
  /** count × (points per curve) values. */
  readonly values: Float64Array;
}

/**
 * Options of {@link readCurves}.
 *
 * @example
 * ```ts
 * const options: ReadCurvesOptions = { batchValues: 1 << 22, signal: ctx.signal };
 * ```
 */
export interface ReadCurvesOptions {
  /** About how many values a batch holds (at least one slab of the first axis). */
  readonly batchValues: number;
  readonly signal?: AbortSignal;
}

/**
 * Streams the curves along the last axis of `input` in batches: an HDF5 dataset is read in slabs
 * of its first axis (a second handle on the file, hyperslabs only, never the whole dataset), an
 * image file frame by frame (each row a curve).
 *
 * @example
 * ```ts
 * for await (const batch of readCurves(input, { batchValues: 1 << 22 })) console.log(batch.first, batch.count);
 * ```
 */
export async function* readCurves(input: InputArray, options: ReadCurvesOptions): AsyncGenerator<CurveBatch> {
  if (input.path === undefined) {
    let first = 0;
    for await (const frame of input.frames(options.signal ? { signal: options.signal } : {})) {
      const values = await toFloat64(frame);
      const count = values.length / input.shape.at(-1)!;
      yield { first, count, values };
      first += count;
    }
    if (options.signal?.aborted) throw new InterruptedError();
    return;
  }
  const file = await openH5(input.file);
  try {
    const dataset = await file.dataset(input.path);
    const shape = input.shape;
    const slabCurves = shape.slice(1, -1).reduce((a, b) => a * b, 1);
    const slabs = Math.max(1, Math.floor(options.batchValues / (slabCurves * shape.at(-1)!)));
    for (let start = 0; start < shape[0]!; start += slabs) {
      if (options.signal?.aborted) throw new InterruptedError();
      const stop = Math.min(start + slabs, shape[0]!);
      yield { first: start * slabCurves, count: (stop - start) * slabCurves, values: await toFloat64(await dataset.read([[start, stop]])) };
    }
  } finally {
    await file.close();
  }
}
