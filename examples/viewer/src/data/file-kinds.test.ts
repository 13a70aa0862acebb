import { describe, expect, it } from 'vitest';
import { ACCEPTED_EXTENSIONS, fileKind } from './file-kinds.js';

describe('fileKind', () => {
  it('tells HDF5/NeXus, PONI and image files by extension, in any case', () => {
    expect(['scan.nxs', 'a.H5', 'b.hdf5', 'master.NX5'].map(fileKind)).toEqual(['hdf5', 'hdf5', 'hdf5', 'hdf5']);
    expect(['LaB6.poni', 'x.PONI'].map(fileKind)).toEqual(['poni', 'poni']);
    expect(['f.tif', 'f.TIFF', 'f.edf', 'f.cbf'].map(fileKind)).toEqual(['image', 'image', 'image', 'image']);
  });

  it('calls anything else unknown, including names without an extension', () => {
    expect(['notes.txt', 'README', 'archive.nxs.gz', '.h5x', 'h5'].map(fileKind)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('offers the picker exactly the extensions it reads', () => {
    expect(ACCEPTED_EXTENSIONS.every((ext) => fileKind(`x${ext}`) !== 'unknown')).toBe(true);
    expect(ACCEPTED_EXTENSIONS).toContain('.nxs');
    expect(ACCEPTED_EXTENSIONS).toContain('.poni');
  });
});
