import { describe, expect, it } from 'vitest';
import { filterName } from './filters.js';

// filterName: the registered HDF5 filter ids by their common names (The HDF Group's registry,
// https://github.com/HDFGroup/hdf5_plugins/blob/master/docs/RegisteredFilterPlugins.md), else the
// name stored with the filter in the file, up to a ';', else the id.

describe('filterName', () => {
  it('names the built-in and registered filters by their ids', () => {
    expect([1, 2, 3, 4, 5, 6].map((id) => filterName(id))).toEqual(['deflate', 'shuffle', 'fletcher32', 'szip', 'nbit', 'scaleoffset']);
    expect([32000, 32001, 32004, 32008, 32015].map((id) => filterName(id))).toEqual(['lzf', 'blosc', 'lz4', 'bitshuffle', 'zstd']);
  });

  it('prefers the registered name to the one stored in the file', () => {
    expect(filterName(32008, 'bitshuffle; see https://github.com/kiyo-masui/bitshuffle')).toBe('bitshuffle');
    expect(filterName(32004, 'HDF5 lz4 filter; see http://www.hdfgroup.org/services/contributions.html')).toBe('lz4');
  });

  it('takes the stored name of an unregistered filter, up to its first ";" and trimmed', () => {
    expect(filterName(40000, 'myfilter; see https://example.org')).toBe('myfilter');
    expect(filterName(40001, '  my filter  ')).toBe('my filter');
    expect(filterName(40002, 'a;b;c')).toBe('a');
  });

  it('falls back to the id when an unregistered filter has no usable stored name', () => {
    expect(filterName(40000)).toBe('filter 40000');
    expect(filterName(40000, '')).toBe('filter 40000');
    expect(filterName(40000, '   ')).toBe('filter 40000');
    expect(filterName(40000, '; only a comment')).toBe('filter 40000');
  });
});
