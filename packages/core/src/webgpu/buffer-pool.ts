/** Counters of a buffer pool of the WebGPU backend (`WebGpuBackend.poolStats`). */
export interface PoolStats {
  /** Buffers created by the pool since it started. */
  created: number;
  /** Acquisitions served by an idle buffer instead of a new one. */
  reused: number;
  /** Buffers handed out and not yet released. */
  inUse: number;
  /** Idle buffers kept for reuse. */
  idle: number;
  /** Bytes held by idle buffers. */
  idleBytes: number;
}

const MIN_BYTES = 256;
const FINE_ABOVE = 1 << 22;

/**
 * The size class of a request: at least 256 bytes, the next power of two up to 4 MiB, and above
 * that the next eighth of a power of two (at most 12.5% unused), never past `cap` unless the
 * request itself is larger.
 *
 * @example
 * ```ts
 * sizeClass(1000, 1 << 30); // 1024
 * sizeClass(2167 * 2070 * 4, 1 << 30); // 18874368 (9/8 of 16 MiB)
 * ```
 */
export function sizeClass(bytes: number, cap: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const power = 2 ** Math.ceil(Math.log2(bytes));
  let size = power;
  if (power > FINE_ABOVE) {
    const step = power / 16;
    size = Math.ceil(bytes / step) * step;
  }
  return Math.max(bytes, Math.min(size, cap));
}

/**
 * GPU buffers of one usage, reused by size class: `release` keeps a buffer for the next request
 * of its class (until `maxIdleBytes` are idle, then destroys it), `trim` destroys the idle ones.
 * Reuse needs no fence: the queue runs writes and submissions in the order they were issued, so
 * work issued after a release sees the buffer only after earlier work is done with it.
 *
 * @example
 * ```ts
 * const pool = new BufferPool(device, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, 1 << 27);
 * const buffer = pool.acquire(4096);
 * pool.release(buffer);
 * pool.acquire(4000) === buffer; // true: same size class
 * ```
 */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #usage: GPUBufferUsageFlags;
  readonly #cap: number;
  readonly #maxIdleBytes: number;
  readonly #idle = new Map<number, GPUBuffer[]>();
  // weak: a buffer whose arrays are dropped without dispose() can still be garbage-collected
  readonly #inUse = new WeakSet<GPUBuffer>();
  #inUseCount = 0;
  #idleBytes = 0;
  #created = 0;
  #reused = 0;

  /**
   * @param cap largest size class (a binding-size limit); larger requests get their exact size.
   * @param maxIdleBytes idle bytes kept for reuse before released buffers are destroyed.
   */
  constructor(device: GPUDevice, usage: GPUBufferUsageFlags, cap: number, maxIdleBytes = 512 * 2 ** 20) {
    this.#device = device;
    this.#usage = usage;
    this.#cap = cap;
    this.#maxIdleBytes = maxIdleBytes;
  }

  /** A buffer of at least `bytes` bytes (its size is the size class of the request). */
  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(Math.ceil(bytes / 4) * 4, this.#cap);
    const idle = this.#idle.get(size);
    let buffer = idle?.pop();
    if (buffer !== undefined) {
      this.#idleBytes -= size;
      this.#reused++;
    } else {
      buffer = this.#device.createBuffer({ size, usage: this.#usage });
      this.#created++;
    }
    this.#inUse.add(buffer);
    this.#inUseCount++;
    return buffer;
  }

  /** Returns a buffer from {@link acquire}, for reuse (or destruction when the pool is full). */
  release(buffer: GPUBuffer): void {
    if (!this.#inUse.delete(buffer)) return;
    this.#inUseCount--;
    if (this.#idleBytes + buffer.size > this.#maxIdleBytes) {
      buffer.destroy();
      return;
    }
    const list = this.#idle.get(buffer.size) ?? [];
    list.push(buffer);
    this.#idle.set(buffer.size, list);
    this.#idleBytes += buffer.size;
  }

  /** Destroys a buffer from {@link acquire} instead of keeping it (after a failed map). */
  discard(buffer: GPUBuffer): void {
    if (this.#inUse.delete(buffer)) this.#inUseCount--;
    buffer.destroy();
  }

  /** Destroys every idle buffer. */
  trim(): void {
    for (const list of this.#idle.values()) for (const buffer of list) buffer.destroy();
    this.#idle.clear();
    this.#idleBytes = 0;
  }


  /** Current counters. */
  get stats(): PoolStats {
    let idle = 0;
    for (const list of this.#idle.values()) idle += list.length;
    return { created: this.#created, reused: this.#reused, inUse: this.#inUseCount, idle, idleBytes: this.#idleBytes };
  }
}
