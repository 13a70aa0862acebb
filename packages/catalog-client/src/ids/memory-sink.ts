/**
 * An in-memory {@link FileSink}: downloads held as chunks, for browsers (which cannot write
 * files) and small selections. It still resumes cuts and verifies size and checksum.
 *
 * @module
 */
import type { FileSink, WritableFile } from './file-sink.js';

/**
 * A file sink kept in memory; `blob(path)` returns a finished file.
 *
 * @example
 * ```ts
 * const sink = memoryFileSink();
 * await ids.download(preparedId, 'scan.h5', { sink });
 * const blob = sink.blob('scan.h5');
 * ```
 */
export interface MemoryFileSink extends FileSink {
  /** The content of `path` as a Blob (empty when there is no such file). */
  blob(path: string): Blob;
}

/**
 * Creates an empty in-memory file sink.
 *
 * @example
 * ```ts
 * const sink = memoryFileSink();
 * await sink.open('a', 'w').then(async (f) => { await f.write(new Uint8Array([1])); await f.close(); });
 * sink.blob('a').size; // 1
 * ```
 */
export function memoryFileSink(): MemoryFileSink {
  const files = new Map<string, Uint8Array[]>();
  return {
    open(path, mode) {
      const chunks = mode === 'a' ? (files.get(path) ?? []) : [];
      files.set(path, chunks);
      return Promise.resolve<WritableFile>({
        write: (bytes) => {
          chunks.push(bytes.slice());
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
      });
    },
    size: (path) => Promise.resolve(files.get(path)?.reduce((sum, c) => sum + c.length, 0)),
    async *read(path) {
      yield* files.get(path) ?? [];
    },
    rename(from, to) {
      const chunks = files.get(from);
      if (chunks === undefined) return Promise.reject(new Error(`no file ${from}`));
      files.delete(from);
      files.set(to, chunks);
      return Promise.resolve();
    },
    renameNoReplace(from, to) {
      const chunks = files.get(from);
      if (chunks === undefined) return Promise.reject(new Error(`no file ${from}`));
      if (files.has(to)) return Promise.reject(Object.assign(new Error(`${to} exists`), { code: 'EEXIST' }));
      files.delete(from);
      files.set(to, chunks);
      return Promise.resolve();
    },
    remove(path) {
      files.delete(path);
      return Promise.resolve();
    },
    blob(path) {
      return new Blob((files.get(path) ?? []) as BlobPart[]);
    },
  };
}
