/**
 * Where downloads are written: a small file interface (Node's `fs/promises` by default,
 * imported lazily so that browsers never load it), replaceable in tests.
 *
 * @module
 */

/**
 * An open file being written.
 *
 * @example
 * ```ts
 * const file = await sink.open('/tmp/x.part', 'w');
 * await file.write(bytes);
 * await file.close();
 * ```
 */
export interface WritableFile {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file operations a download needs.
 *
 * @example
 * ```ts
 * const sink = await nodeFileSink();
 * ```
 */
export interface FileSink {
  /** Opens for writing: `w` truncates, `a` appends. */
  open(path: string, mode: 'w' | 'a'): Promise<WritableFile>;
  /** Size in bytes, or undefined when missing. */
  size(path: string): Promise<number | undefined>;
  /** Reads the file in chunks (to re-checksum a partial file on resume). */
  read(path: string): AsyncIterable<Uint8Array>;
  /** Moves `from` to `to`, replacing a file at `to`. */
  rename(from: string, to: string): Promise<void>;
  /** Moves `from` to `to` only if `to` does not exist; else rejects with `code: 'EEXIST'` and keeps `from`. */
  renameNoReplace(from: string, to: string): Promise<void>;
  /** Removes the file; a missing file is fine. */
  remove(path: string): Promise<void>;
}

/**
 * The Node file sink (`node:fs/promises`).
 *
 * @example
 * ```ts
 * const sink = await nodeFileSink();
 * await sink.remove('/tmp/stale.part');
 * ```
 */
export async function nodeFileSink(): Promise<FileSink> {
  const fs = await import('node:fs/promises');
  const { createReadStream } = await import('node:fs');
  return {
    async open(path, mode) {
      const handle = await fs.open(path, mode);
      return {
        async write(bytes) {
          let done = 0;
          while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
        },
        close: () => handle.close(),
      };
    },
    async size(path) {
      try {
        return (await fs.stat(path)).size;
      } catch {
        return undefined;
      }
    },
    read: (path) => createReadStream(path) as AsyncIterable<Uint8Array>,
    rename: (from, to) => fs.rename(from, to),
    async renameNoReplace(from, to) {
      // link fails with EEXIST instead of replacing, atomically; where a file system has no hard
      // links, an exclusive copy does the same
      try {
        await fs.link(from, to);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
        await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
      }
      await fs.rm(from, { force: true });
    },
    remove: (path) => fs.rm(path, { force: true }),
  };
}
