import { LocalH5Source } from '../h5/local-source.js';
import { loadH5wasm, type LoadOptions } from '../h5/runtime.js';
import { mountBlobs } from '../h5/workerfs.js';
import { createRequestHandler } from './protocol.js';

/** The worker's global scope (or a `MessagePort`): where requests arrive and replies go. */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * Serves HDF5 files to {@link openH5InWorker}: call it once in a Web Worker's module. Files and
 * Blobs sent by the page are mounted with WORKERFS (read in place, not copied); a string source
 * is a path of the worker's file system (host paths in a Node worker thread).
 *
 * @example
 * ```ts
 * // h5-worker.ts
 * import { serveH5Worker } from '@pandaas/io-nexus';
 * serveH5Worker();
 * ```
 */
export function serveH5Worker(scope: WorkerScope = globalThis as unknown as WorkerScope, options: LoadOptions = {}): void {
  const handle = createRequestHandler(async (request) => {
    const rt = await loadH5wasm(options);
    const path = typeof request.source === 'string' ? request.source : mountBlobs(rt.module, [request.source, ...request.siblings])[0];
    return LocalH5Source.open(rt, path, { swmr: request.swmr });
  });
  scope.addEventListener('message', (event) => {
    void handle(event.data).then(({ response, transfer }) => scope.postMessage(response, transfer));
  });
}
