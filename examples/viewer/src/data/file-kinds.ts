/**
 * What the viewer makes of a file, by its name's extension.
 *
 * @module
 */

/** HDF5/NeXus, a PONI geometry, a detector image (TIFF, EDF, CBF), or none of these. */
export type FileKind = 'hdf5' | 'poni' | 'image' | 'unknown';

const KINDS: Readonly<Record<string, FileKind>> = {
  h5: 'hdf5', hdf5: 'hdf5', hdf: 'hdf5', he5: 'hdf5', nxs: 'hdf5', nx5: 'hdf5', nx: 'hdf5',
  poni: 'poni',
  tif: 'image', tiff: 'image', edf: 'image', cbf: 'image',
};

/**
 * The extensions the file picker offers (`accept`), each with its dot.
 *
 * @example
 * ```ts
 * fileInput.accept = ACCEPTED_EXTENSIONS.join(','); // '.h5,.hdf5,.hdf,.he5,.nxs,.nx5,.nx,.poni,.tif,.tiff,.edf,.cbf'
 * ```
 */
export const ACCEPTED_EXTENSIONS: readonly string[] = Object.keys(KINDS).map((ext) => `.${ext}`);

/**
 * The kind of file `name` is, by its extension (case-insensitive).
 *
 * @example
 * ```ts
 * fileKind('lab6_tth_scan.nxs'); // 'hdf5'
 * fileKind('LaB6.PONI'); // 'poni'
 * ```
 */
export function fileKind(name: string): FileKind {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext !== undefined && Object.hasOwn(KINDS, ext) ? KINDS[ext] : undefined) ?? 'unknown';
}
