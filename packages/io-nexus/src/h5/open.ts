import { ArgumentError } from '@pandaas/core';
import { show } from '@pandaas/core';
import { LocalH5Source } from './local-source.js';
import { H5File } from './objects.js';
import { loadH5wasm, type H5Runtime } from './runtime.js';
import { resolveFile } from './paths.js';
import { mountBlobs } from './workerfs.js';

/** Options of {@link openH5}. */
export interface OpenOptions {
  /** Open in SWMR read mode, for a file a writer is still appending to; then `dataset.refresh()`. */
  swmr?: boolean;
  /** Inside a Web Worker only: other Files mounted beside this one (external-link and VDS targets). */
  siblings?: readonly (File | Blob)[];
}

/**
 * Opens an HDF5/NeXus file read-only. In Node, `source` is a path (or `file:` URL): the file is
 * read in place, never copied into memory. Inside a Web Worker, `source` may be a `File` or `Blob`,
 * mounted with WORKERFS (read at random offsets, not copied); from a page's main thread use
 * {@link openH5InWorker}.
 *
 * @example
 * ```ts
 * import { openH5 } from '@pandaas/io-nexus';
 * const file = await openH5('/data/id01/sample_0001_master.h5');
 * const eta = await (await file.dataset('/1.1/instrument/positioners/eta')).readValue();
 * await file.close();
 * ```
 */
export async function openH5(source: string | URL | File | Blob, options: OpenOptions = {}): Promise<H5File> {
  const rt = await loadH5wasm();
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new H5File(openBlob(rt, source, options));
  if (source instanceof URL) {
    if (source.protocol !== 'file:') throw new ArgumentError(`source must be a path, a file: URL, a File or a Blob; got the URL ${source.href}`);
    source = decodeURIComponent(source.pathname.replace(/^\/([A-Za-z]:)/, '$1'));
  }
  if (typeof source !== 'string' || source === '') throw new ArgumentError(`source must be a path, a file: URL, a File or a Blob; got ${show(source)}`);
  if (rt.environment !== 'node') throw new ArgumentError(`a path (${show(source)}) can only be opened in Node.js; in a browser pass a File`);
  return new H5File(LocalH5Source.open(rt, resolveFile(process.cwd().replaceAll('\\', '/'), source), options));
}

function openBlob(rt: H5Runtime, blob: Blob, options: OpenOptions): LocalH5Source {
  if (rt.environment === 'node' || typeof (globalThis as { importScripts?: unknown }).importScripts !== 'function') {
    throw new ArgumentError('a File or Blob can be opened only inside a Web Worker (WORKERFS); from a page, use openH5InWorker(worker, file)');
  }
  const path = mountBlobs(rt.module, [blob, ...(options.siblings ?? [])])[0];
  return LocalH5Source.open(rt, path, options);
}
