import type { H5Dataset } from '@pandaas/io-nexus';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';

/** A virtual dataset's source and whether its file is there. */
export interface VirtualSourceStatus {
  /** The source file name as stored (`.` is the same file). */
  readonly file: string;
  /** The source dataset's path in that file. */
  readonly dataset: string;
  /** Whether the file was found; `null` for a printf-style name (`data_%06d.h5`) that names many. */
  readonly present: boolean | null;
}

/**
 * The sources of a virtual dataset with their presence, looked for as HDF5 does: a relative
 * name beside the file that holds the virtual dataset, an absolute one where it says, else
 * its base name beside that file.
 *
 * @example
 * ```ts
 * virtualSourceStatus(await file.dataset('/20.1/instrument/mpx1x4/image'));
 * // [{ file: 'scan0020/mpx1x4_0000.h5', dataset: '/entry_0000/instrument/mpx1x4/data', present: false }]
 * ```
 */
export function virtualSourceStatus(dataset: H5Dataset): VirtualSourceStatus[] {
  const folder = dirname(dataset.location.file);
  return dataset.virtualSources.map((source) => ({ file: source.file, dataset: source.dataset, present: isPresent(folder, source.file) }));
}

function isPresent(folder: string, name: string): boolean | null {
  if (name === '.') return true;
  if (name.includes('%')) return null;
  if (!isAbsolute(name)) return existsSync(resolve(folder, name));
  return existsSync(name) || existsSync(resolve(folder, basename(name)));
}
