import type { Worker } from 'node:worker_threads';
import { IoError, type IoErrorLocation } from '../errors.js';
import type { RawArray } from '../h5/types.js';
import { deserializeError } from '../worker/protocol.js';
import type { FrameReply, FrameRequest } from './messages.js';

interface Job {
  readonly request: FrameRequest;
  readonly resolve: (raw: RawArray) => void;
  readonly reject: (err: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | undefined;
}

/**
 * Decoding worker threads for one dataset, each reading one request at a time: `read()` queues
 * a request and a free worker takes it (first come, first served). A worker keeps the process
 * alive only while it has a request: an idle pool never stops Node from exiting. A worker that
 * crashes or exits fails the whole pool (every pending read rejects with an {@link IoError}
 * naming the file and the dataset); a read that fails in a worker rejects with the typed error
 * the worker sent (a `FilterError`, ...). `close()` terminates the workers and rejects what is
 * still pending.
 *
 * @example
 * ```ts
 * const pool = new FramePool(2, () => spawnFrameWorker(data), { file: data.file, path: data.path });
 * try {
 *   const raw = await pool.read(0, 4); // frames 0..3
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class FramePool {
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  readonly #where: IoErrorLocation;
  #nextId = 1;
  #failure: Error | undefined;

  constructor(size: number, spawn: () => Worker, where: IoErrorLocation) {
    this.#where = where;
    this.#slots = [];
    try {
      for (let i = 0; i < size; i++) this.#slots.push(this.#watch(spawn()));
    } catch (err) {
      for (const slot of this.#slots) void slot.worker.terminate();
      throw new IoError(where, `cannot start a decoding worker: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /** The number of workers. */
  get size(): number {
    return this.#slots.length;
  }

  /** How many reads are queued or being decoded. */
  get pending(): number {
    return this.#queue.length + this.#slots.filter((s) => s.job !== undefined).length;
  }

  /**
   * Frames `[first, first + count)`, decoded by the next free worker; into `into` (transferred
   * to the worker, so no longer usable here) when its size fits.
   */
  read(first: number, count: number, into?: ArrayBuffer): Promise<RawArray> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, first, count, ...(into !== undefined && { into }) }, resolve, reject });
      this.#dispatch();
    });
  }

  /** Terminates the workers; reads still pending reject. Idempotent. */
  async close(): Promise<void> {
    this.#fail(new IoError(this.#where, 'the decoding workers were closed before this read finished'));
    // referenced again until they are gone, or an unreferenced worker's exit would not be awaited
    await Promise.all(this.#slots.map((slot) => (slot.worker.ref(), slot.worker.terminate())));
  }

  #watch(worker: Worker): Slot {
    const slot: Slot = { worker, job: undefined };
    worker.unref();
    worker.on('message', (reply: FrameReply) => this.#settle(slot, reply));
    worker.on('error', (err: Error) => this.#fail(new IoError(this.#where, `a decoding worker failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code: number) => this.#fail(new IoError(this.#where, `a decoding worker exited (code ${code})`)));
    return slot;
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (slot.job !== undefined) continue;
      const job = this.#queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.request, job.request.into === undefined ? [] : [job.request.into]);
    }
  }

  #settle(slot: Slot, reply: FrameReply): void {
    const job = slot.job;
    if (job === undefined || reply.id !== job.request.id) return;
    slot.job = undefined;
    slot.worker.unref();
    if (reply.ok) job.resolve(reply.raw);
    else job.reject(deserializeError(reply.error));
    this.#dispatch();
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const slot of this.#slots) {
      if (slot.job === undefined) continue; // idle: unreferenced already (or being terminated: keep its reference)
      slot.job.reject(this.#failure);
      slot.job = undefined;
      slot.worker.unref();
    }
    for (const job of this.#queue.splice(0)) job.reject(this.#failure);
  }
}
