import { FileFormatError, FileNotFoundError, type IoErrorLocation } from '../errors.js';
import { hdf5Reason } from './hdf5-error.js';
import type { H5Module } from './runtime.js';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Opens an HDF5 file of the module's file system (host paths under NODERAWFS, mounted Files under
 * WORKERFS) and returns its HDF5 id. A missing file is a {@link FileNotFoundError}; a file without
 * the HDF5 signature, or one HDF5 refuses (truncated, corrupt), a {@link FileFormatError} that
 * gives HDF5's reason. `what` names the file in messages when it is not the error's `file`.
 */
export function openHdf5(module: H5Module, name: string, mode: number, where: IoErrorLocation, what = 'the file'): bigint {
  if (!module.FS.analyzePath(name).exists) throw new FileNotFoundError(where, `${what} does not exist${what === 'the file' ? '' : `: ${name}`}`);
  try {
    const id = module.open(name, mode, false);
    if (id < 0n) throw new Error(`H5Fopen returned ${id}`);
    return id;
  } catch (err) {
    const label = what === 'the file' ? 'this' : `${what} (${name})`;
    if (!hasSignature(module, name)) throw new FileFormatError(where, `${label} is not an HDF5 file (no HDF5 signature)`, { cause: err });
    throw new FileFormatError(where, `${label} cannot be opened as HDF5: ${hdf5Reason(err)}`, { cause: err });
  }
}

/** Whether the HDF5 signature sits at offset 0, 512, 1024, 2048, ... (after a user block). */
function hasSignature(module: H5Module, name: string): boolean {
  const { FS } = module;
  let stream: FS.FSStream | undefined;
  try {
    stream = FS.open(name, 'r');
    const size = FS.stat(name).size;
    const bytes = new Uint8Array(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      if (FS.read(stream, bytes, 0, 8, offset) === 8 && bytes.every((b, i) => b === SIGNATURE[i])) return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    if (stream !== undefined) FS.close(stream);
  }
}
