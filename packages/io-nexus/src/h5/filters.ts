import type { FilterInfo } from '../errors.js';
import { BUILTIN_FILTER_IDS } from './runtime.js';

/** Common names of registered HDF5 filters (https://github.com/HDFGroup/hdf5_plugins). */
const FILTER_NAMES: Readonly<Record<number, string>> = {
  1: 'deflate',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
  307: 'bzip2',
  32000: 'lzf',
  32001: 'blosc',
  32004: 'lz4',
  32008: 'bitshuffle',
  32013: 'zfp',
  32015: 'zstd',
  32017: 'sz',
  32018: 'fcidecomp',
  32019: 'jpeg',
  32022: 'bitgroom',
  32023: 'bitround',
  32024: 'sz3',
  32026: 'blosc2',
  32028: 'sperr',
};

/**
 * An HDF5 filter's common name (`'bitshuffle'` for 32008); for an id not registered, the name
 * stored with the filter in the file (up to a `;`), else `'filter <id>'`.
 *
 * @example
 * ```ts
 * import { filterName } from '@pandaas/io-nexus';
 * filterName(32008); // 'bitshuffle'
 * filterName(40000, 'myfilter; see https://example.org'); // 'myfilter'
 * ```
 */
export function filterName(id: number, storedName?: string): string {
  return FILTER_NAMES[id] ?? (storedName?.split(';')[0]!.trim() || `filter ${id}`);
}

/** The filters of a pipeline that neither HDF5 nor the installed plugins can decode. */
export function unavailableFilters(filters: readonly FilterInfo[], plugins: ReadonlySet<number>): FilterInfo[] {
  return filters.filter((f) => !BUILTIN_FILTER_IDS.has(f.id) && !plugins.has(f.id));
}

/** The names of the filters that can be decoded here, for error messages. */
export function availableFilterNames(plugins: ReadonlySet<number>): string {
  return [...BUILTIN_FILTER_IDS, ...plugins].map((id) => filterName(id)).join(', ');
}
