/**
 * The page's side of one HDF5 worker: opens Files in it with io-nexus' `openH5InWorker` and asks
 * it to write results ({@link H5WorkerLink.writeTree}). Each opened HDF5 file gets a worker of its
 * own, so that a file that breaks h5wasm cannot break the next one.
 *
 * @module
 */
import { openH5InWorker, type H5File } from '@pandaas/io-nexus';
import type { PlainTree } from '../nexus/plain-tree.js';
import { isViewerMessage, type ConfigureRequest, type WriteReply, type WriteRequest } from './messages.js';
import { PLUGIN_FOLDER } from './plugin-folder.js';

type Pending = { resolve: (bytes: Uint8Array) => void; reject: (err: Error) => void };

/**
 * A module Web Worker running `h5-worker.ts`.
 *
 * @example
 * ```ts
 * const link = new H5WorkerLink();
 * const file = await link.open(input.files[0]);
 * const bytes = await link.writeTree(tree);
 * link.terminate();
 * ```
 */
export class H5WorkerLink {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #tickets = 0;
  #failure: Error | undefined;

  /**
   * Starts the worker and tells it where the compression filters are served (`h5wasm-plugins/`
   * beside the page); h5wasm starts loading at once.
   */
  constructor() {
    this.#worker = new Worker(new URL('./h5-worker.ts', import.meta.url), { type: 'module', name: 'pandaas-h5' });
    this.#worker.addEventListener('message', (event) => {
      const reply: unknown = event.data;
      if (isViewerMessage(reply) && reply.viewer === 'written') this.#settle(reply);
    });
    this.#worker.addEventListener('error', (event) => this.#fail(new Error(`the HDF5 worker failed: ${event.message || 'it could not start'}`)));
    const configure: ConfigureRequest = { viewer: 'configure', pluginBaseUrl: new URL(PLUGIN_FOLDER, document.baseURI).href };
    this.#worker.postMessage(configure);
  }

  /** Opens `file` (its `siblings` mounted beside it, for external links and virtual datasets). */
  open(file: File, siblings: readonly File[] = []): Promise<H5File> {
    return openH5InWorker(this.#worker, file, { siblings });
  }

  /** Writes `tree` as an HDF5 file in the worker and answers its bytes. */
  writeTree(tree: PlainTree): Promise<Uint8Array> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const request: WriteRequest = { viewer: 'write', ticket: ++this.#tickets, tree };
    return new Promise((resolve, reject) => {
      this.#pending.set(request.ticket, { resolve, reject });
      this.#worker.postMessage(request);
    });
  }

  /** Stops the worker; pending writes fail. */
  terminate(): void {
    this.#worker.terminate();
    this.#fail(new Error('the HDF5 worker was stopped'));
  }

  #settle(reply: WriteReply): void {
    const pending = this.#pending.get(reply.ticket);
    if (pending === undefined) return;
    this.#pending.delete(reply.ticket);
    if (reply.ok) pending.resolve(reply.bytes);
    else pending.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
  }
}
