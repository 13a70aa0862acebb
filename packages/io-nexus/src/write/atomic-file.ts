import { isPandaasError } from '@pandaas/core';
import { FileExistsError, FileWriteError } from '../errors.js';
import { importNode } from '../node-import.js';

/** Error codes that mean "this file system makes no hard links". */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

const codeOf = (err: unknown) => (err as { code?: string }).code ?? '';

/** Whether a file (or anything) exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  const { access } = await importNode('node:fs/promises');
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** A temporary name in the same folder as `dest` (so that renaming it is atomic). */
export async function temporaryName(dest: string): Promise<string> {
  const { basename, dirname, join } = await importNode('node:path');
  const { randomBytes } = await importNode('node:crypto');
  return join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.partial`);
}

/**
 * Throws a {@link FileWriteError} when something other than a regular file sits at `dest` (a
 * directory, a device such as /dev/null, a FIFO, a socket or a symbolic link): a result replaces
 * only a regular file, never one of those.
 */
export async function assertReplaceable(dest: string): Promise<void> {
  const { lstat } = await importNode('node:fs/promises');
  const stats = await lstat(dest).catch(() => undefined);
  if (stats === undefined || stats.isFile()) return;
  const kind = stats.isDirectory() ? 'a directory' : stats.isSymbolicLink() ? 'a symbolic link' : 'a device, FIFO or socket';
  throw new FileWriteError({ file: dest }, `is ${kind}, not a regular file: a result only ever replaces a regular file`);
}

/** Deletes `path` if it is there; never throws (used while cleaning up after a failure). */
export async function removeQuietly(path: string): Promise<void> {
  const { rm } = await importNode('node:fs/promises');
  await rm(path, { force: true }).catch(() => undefined);
}

/**
 * Moves the complete file `temp` to `dest` in one step. With `overwrite`, a rename replaces any
 * file at `dest` atomically. Without, a hard link publishes `temp` only if `dest` does not exist
 * (no window in which another writer's file could be replaced), falling back to a check and a
 * rename on file systems without hard links. On any failure `temp` is deleted and nothing is
 * left at `dest`: a {@link FileExistsError} when `dest` exists, a {@link FileWriteError} otherwise.
 */
export async function publishFile(temp: string, dest: string, overwrite: boolean): Promise<void> {
  const { link, rename, unlink } = await importNode('node:fs/promises');
  try {
    if (overwrite) {
      await assertReplaceable(dest);
      return await rename(temp, dest);
    }
    try {
      await link(temp, dest);
    } catch (err) {
      if (codeOf(err) === 'EEXIST') throw new FileExistsError({ file: dest }, 'exists already; pass overwrite: true to replace it', { cause: err });
      if (!NO_LINKS.has(codeOf(err))) throw err;
      if (await exists(dest)) throw new FileExistsError({ file: dest }, 'exists already; pass overwrite: true to replace it');
      return await rename(temp, dest);
    }
    await unlink(temp);
  } catch (err) {
    await removeQuietly(temp);
    if (isPandaasError(err)) throw err;
    throw new FileWriteError({ file: dest }, `cannot move the finished file into place (${codeOf(err) || String(err)})`, { cause: err });
  }
}
