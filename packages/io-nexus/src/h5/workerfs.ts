import { ArgumentError } from '@pandaas/core';
import type { H5Module } from './runtime.js';

let mounts = 0;

/**
 * Mounts Files/Blobs read-only in a new folder of the module's file system with WORKERFS (Web
 * Workers only: reads go through `FileReaderSync` at the offsets HDF5 asks for, nothing is copied
 * up front) and returns their paths, in order. Files keep their names, so external links and
 * virtual datasets between them resolve; a Blob without a name is called `blob-<k>.h5`.
 */
export function mountBlobs(module: H5Module, blobs: readonly Blob[]): string[] {
  const folder = `/pandaas-workerfs/${++mounts}`;
  const files: File[] = [];
  const named: { name: string; data: Blob }[] = [];
  const paths = blobs.map((blob, k) => {
    const name = typeof File !== 'undefined' && blob instanceof File ? blob.name : `blob-${k}.h5`;
    if (name.includes('/')) throw new ArgumentError(`a mounted file name must not contain '/'; got ${JSON.stringify(name)}`);
    if (typeof File !== 'undefined' && blob instanceof File) files.push(blob);
    else named.push({ name, data: blob });
    return `${folder}/${name}`;
  });
  module.FS.mkdirTree(folder);
  module.FS.mount(module.FS.filesystems.WORKERFS, { files, blobs: named }, folder);
  return paths;
}
