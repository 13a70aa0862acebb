import { bytesPerElement } from '@pandaas/core';
import { ObjectNotFoundError, type H5Dataset } from '@pandaas/io-nexus';
import { dirname } from 'node:path';
import { CliError, InterruptedError } from '../framework/cli-error.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { planSlabs } from './slabs.js';
import { StatsAccumulator, type ValueStats } from './stats-accumulator.js';
import { virtualSourceStatus } from './virtual-sources.js';

/**
 * The default largest piece of a dataset read at once: 64 MiB.
 *
 * @example
 * ```ts
 * await datasetStats(dataset, { maxSlabBytes: MAX_SLAB_BYTES / 4 });
 * ```
 */
export const MAX_SLAB_BYTES = 64 * 2 ** 20;

/** Options of {@link datasetStats}. */
export interface DatasetStatsOptions {
  /** Largest hyperslab read at once, in bytes (default {@link MAX_SLAB_BYTES}). */
  readonly maxSlabBytes?: number;
  /** A virtual dataset's missing source files read as HDF5's fill value (default: an error). */
  readonly fillMissing?: boolean;
  /** Stops between two reads (an {@link InterruptedError}). */
  readonly signal?: AbortSignal;
  /** Called after each piece with the pieces done and their total. */
  readonly onSlab?: (done: number, total: number) => void;
}

/** {@link ValueStats} of a dataset, and how it was read. */
export interface DatasetStats extends ValueStats {
  /** Number of hyperslabs read. */
  readonly slabs: number;
}

/**
 * Min, max, mean, sum and NaN count of a dataset's values, read in hyperslabs of at most
 * `maxSlabBytes` (frames, or runs of frames, of a stack), through links, virtual datasets and
 * compression filters; integer data are summed exactly. A dataset that holds no numbers, an
 * empty dataspace, or a virtual dataset whose source files are missing (unless `fillMissing`)
 * is a {@link CliError} that says so.
 *
 * @example
 * ```ts
 * const stats = await datasetStats(await file.dataset('/entry/data/data'));
 * console.log(stats.min, stats.max, stats.sum, stats.nanCount);
 * ```
 */
export async function datasetStats(dataset: H5Dataset, options: DatasetStatsOptions = {}): Promise<DatasetStats> {
  const where = `${dataset.file.name}::${dataset.path}`;
  const { shape, dtype } = dataset;
  if (shape === null) throw new CliError(`${where} has an empty dataspace (H5S_NULL): there are no values for --stats`, EXIT_CODES.badInput);
  if (dtype === undefined) throw new CliError(`${where} holds ${dataset.type.class} values, not numbers: --stats needs a numeric dataset`, EXIT_CODES.badInput);
  const integer = dataset.type.class === 'integer' || dataset.type.class === 'enum';
  const accumulator = new StatsAccumulator({ integer });
  const plan = planSlabs(shape, bytesPerElement(dtype), options.maxSlabBytes ?? MAX_SLAB_BYTES, dataset.chunks);
  const missingSources = options.fillMissing === true ? 'fill' : 'error';
  let done = 0;
  for (const selection of plan.selections()) {
    if (options.signal?.aborted) throw new InterruptedError();
    let slab;
    try {
      slab = await dataset.read(selection, { backend: 'cpu', missingSources });
    } catch (err) {
      if (err instanceof ObjectNotFoundError && dataset.isVirtual) {
        const missing = virtualSourceStatus(dataset).filter((source) => source.present === false).map((source) => source.file);
        throw new CliError(
          `${where} is a virtual dataset whose source file(s) are missing (${missing.join(', ') || 'see the tree'}, looked for in ${dirname(dataset.location.file)}): ` +
            "its values are in no file here; pass --fill-missing to count HDF5's fill value in their place",
          EXIT_CODES.notFound,
          { cause: err },
        );
      }
      throw err;
    }
    accumulator.add(slab.dataSync());
    slab.dispose();
    done++;
    options.onSlab?.(done, plan.count);
  }
  return { ...accumulator.result(), slabs: done };
}
