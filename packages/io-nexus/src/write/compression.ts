import { ArgumentError } from '@pandaas/core';
import { show } from '@pandaas/core';

/**
 * How a chunked dataset is compressed. `'deflate'` (gzip, readable everywhere) takes a `level`
 * 0-9 (default 4); `'bitshuffle'` is the Dectris/ESRF bitshuffle filter, with LZ4 unless
 * `lz4: false`; `'lz4'` is the HDF5 LZ4 plugin filter. bitshuffle and LZ4 files need those
 * plugins to be read (h5py: hdf5plugin, or Debian's bitshuffle and hdf5-filter-plugin).
 */
export type Compression =
  | 'deflate'
  | 'bitshuffle'
  | 'lz4'
  | { readonly filter: 'deflate'; readonly level?: number }
  | { readonly filter: 'bitshuffle'; readonly lz4?: boolean }
  | { readonly filter: 'lz4' };

/** An HDF5 filter: its registered id and client data values. */
export interface FilterSpec {
  readonly id: number;
  readonly options: number[];
}

function level(value: number | undefined, fallback: number, min: number, max: number, argument: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new ArgumentError(`${argument}.level must be an integer in [${min}, ${max}]; got ${show(value)}`);
  return value;
}

/**
 * The HDF5 filter of a {@link Compression}: deflate 1, bitshuffle 32008 (`[block size 0 =
 * default, 2 = LZ4 | 0 = none]`), LZ4 32004 (`[block size 0 = default]`).
 */
export function filterOf(compression: Compression, argument = 'options.compression'): FilterSpec {
  const spec = typeof compression === 'string' ? { filter: compression } : compression;
  switch (spec?.filter) {
    case 'deflate':
      return { id: 1, options: [level((spec as { level?: number }).level, 4, 0, 9, argument)] };
    case 'bitshuffle':
      return { id: 32008, options: [0, (spec as { lz4?: boolean }).lz4 === false ? 0 : 2] };
    case 'lz4':
      return { id: 32004, options: [0] };
    default:
      throw new ArgumentError(`${argument} must be 'deflate', 'bitshuffle', 'lz4' or { filter, ... }; got ${show(compression)}`);
  }
}

/**
 * Default chunks for a compressed dataset: one frame (the last two axes) per chunk for 3D and
 * more, the whole array below that, halving the leading axes until a chunk is at most 4 MiB.
 */
export function defaultChunks(shape: readonly number[], bytesPerElement: number): number[] {
  const chunks = shape.map((n, i) => (shape.length >= 3 && i < shape.length - 2 ? 1 : Math.max(1, n)));
  for (let i = 0; i < chunks.length - 1; i++) {
    while (chunks[i] > 1 && chunks.reduce((a, b) => a * b, bytesPerElement) > 4 << 20) chunks[i] = Math.ceil(chunks[i] / 2);
  }
  return chunks;
}
