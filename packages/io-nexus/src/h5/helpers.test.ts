import { ArgumentError, IndexRangeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { asIntegers, asNames, asNumber, asString } from '../nexus/attr-values.js';
import { halfToFloat32 } from './decode.js';
import { hdf5Reason, isFilterFailure } from './hdf5-error.js';
import { baseName, fileFolder, joinPath, normalizePath, parentPath, resolveFile, resolveRelative } from './paths.js';
import { assertHyperslab, resolveSelection } from './selection.js';

describe('HDF5 and file paths', () => {
  it('normalises and joins HDF5 paths; .. has no meaning in HDF5 but does in @default', () => {
    expect(normalizePath('a//b/./c/')).toBe('/a/b/c');
    expect(normalizePath('/')).toBe('/');
    expect(joinPath('/entry', 'data')).toBe('/entry/data');
    expect(joinPath('/entry', '/other')).toBe('/other');
    expect(resolveRelative('/entry/sub', '../data')).toBe('/entry/data');
    expect(resolveRelative('/entry', '/abs/x')).toBe('/abs/x');
    expect(baseName('/a/b')).toBe('b');
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(() => normalizePath(3 as never)).toThrow(ArgumentError);
  });

  it('resolves file names against a folder (POSIX and Windows)', () => {
    expect(fileFolder('/data/x/master.h5')).toBe('/data/x');
    expect(fileFolder('master.h5')).toBe('');
    expect(resolveFile('/data/x', 'ext/../data_01.h5')).toBe('/data/x/data_01.h5');
    expect(resolveFile('/data/x', './data/a.h5')).toBe('/data/x/data/a.h5');
    expect(resolveFile('/data/x', '/abs/a.h5')).toBe('/abs/a.h5');
    expect(resolveFile('/data/x', '../../../a.h5')).toBe('/a.h5');
    expect(resolveFile('C:/data/x', '..\\y\\a.h5')).toBe('C:/data/y/a.h5');
    expect(resolveFile('', 'a.h5')).toBe('a.h5');
  });
});

describe('selections', () => {
  it('turns specs into hyperslabs and result shapes', () => {
    expect(resolveSelection([10, 20, 30], [3, null, [5, 25, 4]], 'x')).toEqual({
      slab: { start: [3, 0, 5], count: [1, 20, 5], step: [1, 1, 4] },
      shape: [20, 5],
    });
    expect(resolveSelection([10], [[-3]], 'x').slab).toEqual({ start: [7], count: [3], step: [1] });
    expect(resolveSelection([10], [[9, 2]], 'x').shape).toEqual([0]);
    expect(resolveSelection([], [], 'x')).toEqual({ slab: { start: [], count: [], step: [] }, shape: [] });
  });

  it('rejects what HDF5 would clamp or refuse, naming the place', () => {
    expect(() => resolveSelection([10], [10], 'f.h5 (/d)')).toThrow(/^f\.h5 \(\/d\): index for axis 0/);
    expect(() => resolveSelection([10], [[0, 11]], 'x')).toThrow(IndexRangeError);
    expect(() => resolveSelection([10], [[0, 5, 0]], 'x')).toThrow(ArgumentError);
    expect(() => resolveSelection([10], 'all' as never, 'x')).toThrow(ArgumentError);
    expect(() => assertHyperslab([10], { start: [8], count: [2], step: [2] }, 'x')).toThrow(/does not fit shape \[10\]/);
    expect(() => assertHyperslab([10], { start: [8], count: [1], step: [2] }, 'x')).not.toThrow();
  });
});

describe('HDF5 error text', () => {
  const stack = [
    'HDF5-DIAG: Error detected in HDF5 (1.14.6):',
    '  #000: H5F.c line 827 in H5Fopen(): unable to synchronously open file',
    '    major: File accessibility',
    '  #006: H5Fsuper.c line 593 in H5F__super_read(): truncated file: eof = 10, sblock->base_addr = 0, stored_eof = 20',
    '    minor: File has been truncated',
  ].join('\n');

  it('picks the line that says why', () => {
    expect(hdf5Reason(new Error(stack))).toBe('truncated file: eof = 10, sblock->base_addr = 0, stored_eof = 20');
    expect(hdf5Reason('plain text')).toBe('plain text');
    expect(isFilterFailure(new Error('  #008: H5Z.c line 1450 in H5Z_pipeline(): filter returned failure during read'))).toBe(true);
    expect(isFilterFailure(new Error(stack))).toBe(false);
  });
});

describe('value conversions', () => {
  it('widens IEEE half floats', () => {
    const half = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00, 0xfc00, 0x7e00, 0x0000, 0x7bff]);
    const f = halfToFloat32(half);
    expect(Array.from(f.slice(0, 2))).toEqual([1, -2]);
    expect(f[2]).toBeCloseTo(1 / 3, 3);
    expect(f[3]).toBe(2 ** -24); // smallest subnormal
    expect([f[4], f[5]]).toEqual([Infinity, -Infinity]);
    expect(f[6]).toBeNaN();
    expect([f[7], f[8]]).toEqual([0, 65504]);
  });

  it('reads NeXus attributes in their many shapes', () => {
    expect(asString(['NXdata'])).toBe('NXdata');
    expect(asString(3)).toBeUndefined();
    expect(asNames('q:phi')).toEqual(['q', 'phi']);
    expect(asNames('[x, y]')).toEqual(['x', 'y']);
    expect(asNames(['.', 'y'])).toEqual(['.', 'y']);
    expect(asNumber('1')).toBe(1);
    expect(asNumber(2n)).toBe(2);
    expect(asNumber(new Int32Array([4]))).toBe(4);
    expect(asIntegers(1)).toEqual([1]);
    expect(asIntegers(new Int32Array([0, 1]))).toEqual([0, 1]);
    expect(asIntegers(1.5)).toBeUndefined();
  });
});
