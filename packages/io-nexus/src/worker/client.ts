import { ArgumentError } from '@pandaas/core';
import { H5File } from '../h5/objects.js';
import type { DatasetInfo, EntityInfo, H5Source, H5Value, Hyperslab, LinkInfo, RawArray, ReadOptions } from '../h5/types.js';
import { IoError } from '../errors.js';
import { show } from '@pandaas/core';
import { deserializeError, type SourceMethod, type WorkerRequest, type WorkerResponse } from './protocol.js';

/** A browser `Worker` or `MessagePort`: `addEventListener`, events carrying `data`. */
export interface EventWorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

/** A Node `worker_threads` Worker: `on`, listeners given the data itself. */
export interface EmitterWorkerLike {
  postMessage(message: unknown): void;
  on(event: string, listener: (value: unknown) => void): unknown;
}

/** What {@link openH5InWorker} talks to: a browser Worker or MessagePort, or a Node worker thread. */
export type WorkerLike = EventWorkerLike | EmitterWorkerLike;

/** A request before the connection numbers it. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/** One worker's requests in flight; a crash or exit of the worker rejects them all. */
class Connection {
  readonly #worker: WorkerLike;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #broken: Error | undefined;

  constructor(worker: WorkerLike) {
    this.#worker = worker;
    const onMessage = (data: unknown) => this.#settle(data as WorkerResponse);
    const onFailure = (why: string) => this.#fail(new IoError({ file: '(HDF5 worker)' }, why));
    if ('addEventListener' in worker && typeof worker.addEventListener === 'function') {
      worker.addEventListener('message', (event) => onMessage((event as MessageEvent).data));
      worker.addEventListener('error', (event) => onFailure(`the worker failed: ${(event as ErrorEvent).message ?? 'error event'}`));
      worker.addEventListener('messageerror', () => onFailure('a message from the worker could not be read'));
    } else if ('on' in worker && typeof worker.on === 'function') {
      worker.on('message', onMessage);
      worker.on('error', (err) => onFailure(`the worker failed: ${err instanceof Error ? err.message : String(err)}`));
      worker.on('exit', (code) => onFailure(`the worker exited (code ${String(code)})`));
    } else {
      throw new ArgumentError(`worker must be a Worker or MessagePort (addEventListener) or a worker_threads Worker (on); got ${show(worker)}`);
    }
  }

  call(request: WithoutId<WorkerRequest>): Promise<unknown> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#worker.postMessage({ ...request, id });
      } catch (err) {
        this.#pending.delete(id);
        reject(new IoError({ file: '(HDF5 worker)' }, `the request could not be sent: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      }
    });
  }

  #settle(response: WorkerResponse): void {
    const pending = typeof response?.id === 'number' ? this.#pending.get(response.id) : undefined;
    if (pending === undefined) return;
    this.#pending.delete(response.id);
    if (response.ok) pending.resolve(response.value);
    else pending.reject(deserializeError(response.error));
  }

  #fail(err: Error): void {
    this.#broken ??= err;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
  }
}

const connections = new WeakMap<WorkerLike, Connection>();

/** An open file in a worker: every call is one message; results are plain data. */
class WorkerH5Source implements H5Source {
  readonly name: string;
  readonly #connection: Connection;
  readonly #session: number;

  constructor(connection: Connection, session: number, name: string) {
    this.#connection = connection;
    this.#session = session;
    this.name = name;
  }

  #call<T>(op: SourceMethod, ...args: unknown[]): Promise<T> {
    return this.#connection.call({ op, session: this.#session, args }) as Promise<T>;
  }

  info(path: string): Promise<EntityInfo | DatasetInfo> {
    return this.#call('info', path);
  }

  link(path: string): Promise<LinkInfo> {
    return this.#call('link', path);
  }

  keys(path: string): Promise<string[]> {
    return this.#call('keys', path);
  }

  attrs(path: string): Promise<Record<string, H5Value>> {
    return this.#call('attrs', path);
  }

  read(path: string, slab: Hyperslab | null, options: ReadOptions): Promise<RawArray> {
    return this.#call('read', path, slab, { int64: options.int64, missingSources: options.missingSources });
  }

  readValue(path: string, slab: Hyperslab | null): Promise<H5Value> {
    return this.#call('readValue', path, slab);
  }

  refresh(path: string): Promise<DatasetInfo> {
    return this.#call('refresh', path);
  }

  close(): Promise<void> {
    return this.#call('close');
  }
}

/** Options of {@link openH5InWorker}. */
export interface WorkerOpenOptions {
  /** Files mounted beside `source`, so that its external links and virtual datasets find them. */
  siblings?: readonly (File | Blob)[];
  /** Open in SWMR read mode. */
  swmr?: boolean;
}

/**
 * Opens a File (or Blob) in a Web Worker that runs {@link serveH5Worker}, from a page's main
 * thread. The worker mounts the File with WORKERFS, so HDF5 reads only the bytes it needs, and
 * h5wasm never blocks the page; each call is a message, and read results arrive as transferred
 * buffers. If the worker dies, pending and later calls reject with an {@link IoError}.
 *
 * @example
 * ```ts
 * // h5-worker.ts: import { serveH5Worker } from '@pandaas/io-nexus'; serveH5Worker();
 * import { openH5InWorker } from '@pandaas/io-nexus';
 * const worker = new Worker(new URL('./h5-worker.ts', import.meta.url), { type: 'module' });
 * const file = await openH5InWorker(worker, input.files[0]);
 * const frame = await (await file.dataset('/entry/data/data')).read([0]);
 * ```
 */
export async function openH5InWorker(worker: WorkerLike, source: File | Blob | string, options: WorkerOpenOptions = {}): Promise<H5File> {
  let connection = connections.get(worker);
  if (connection === undefined) {
    connection = new Connection(worker);
    connections.set(worker, connection);
  }
  const opened = (await connection.call({ op: 'open', source, siblings: options.siblings, swmr: options.swmr })) as { session: number; name: string };
  return new H5File(new WorkerH5Source(connection, opened.session, opened.name));
}
