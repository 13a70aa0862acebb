import type { Backend, Storage } from '../backend.js';
import { typedArrayConstructor, type DType, type TypedArray } from '../dtype.js';
import { BackendError } from '../errors.js';
import { BufferPool, type PoolStats } from './buffer-pool.js';
import type { AcquiredDevice, WebGpuInfo } from './device.js';
import { widen, wgslScalar, wordsView } from './gpu-dtype.js';
import type { LayoutTools } from './layout.js';
import { compileProgram, foldGrid, type Dispatch, type Program } from './program.js';

/** Storage on the WebGPU backend: 32-bit words in a pooled GPU buffer. */
export interface GpuStorage extends Storage {
  readonly backend: WebGpuBackend;
  readonly buffer: GPUBuffer;
}

/** Options of {@link WebGpuBackend}. */
export interface WebGpuBackendOptions {
  /** Check every submission for validation errors (slower: one round trip each). Default false. */
  validate?: boolean;
  /** Fold grids above this many workgroups per dimension (default: the device limit). */
  maxWorkgroupsPerDimension?: number;
  /** Largest storage binding to use, in bytes (default: the device limit; lower it to test splitting). */
  maxBindingBytes?: number;
}

const WORD = 4;
const UPLOAD_CHUNK = 1 << 22; // bytes copied at a time out of shared memory for writeBuffer

/**
 * The WebGPU backend: storage in pooled GPU buffers (every dtype but float64, narrow integers
 * and bool held as 32-bit words), kernels as cached compute pipelines.
 *
 * It keeps strong references to the `GPU` instance and the adapter for as long as the device
 * lives. Dawn's Node bindings (`webgpu` 0.6.2) destroy the native instance when the JS `GPU`
 * object that `create()` returned is garbage-collected, even though a device made from it is
 * still in use; the next queue operation then aborts the process ("std::system_error: Invalid
 * argument", "Owner died"). A program that keeps only the device drops `gpu` after
 * `requestAdapter`, and the first garbage collection (typically triggered by preparing a
 * detector frame of typed arrays) brings the crash. Holding them here ties their lifetime to
 * this backend, which every storage (and so every NdArray on the GPU) references.
 *
 * @example
 * ```ts
 * import { initBackend } from '@pandaas/core';
 * const gpu = await initBackend('webgpu');
 * console.log((gpu as WebGpuBackend).describe());
 * ```
 */
export class WebGpuBackend implements Backend {
  readonly name: string = 'webgpu';
  /** The device the kernels run on. */
  readonly device: GPUDevice;
  /** The adapter's description and the device limits. */
  readonly info: WebGpuInfo;
  /** Invocations per workgroup of the kernels: 256, or the largest power of two the device allows when lower. */
  readonly workgroupSize: number;
  /** Largest storage, in bytes, that one binding can see (llvmpipe: 128 MiB). */
  readonly maxBindingBytes: number;
  /** Workgroups per grid dimension before dispatches fold into 2-D. */
  readonly maxWorkgroupsPerDimension: number;
  /** The `GPU` instance the device came from, held for the device's lifetime (see the class comment). */
  readonly gpu: GPU;
  /** The adapter the device came from, held for the device's lifetime (see the class comment). */
  readonly adapter: GPUAdapter;
  readonly #tools: LayoutTools;
  readonly #validate: boolean;
  readonly #storagePool: BufferPool;
  readonly #stagingPool: BufferPool;
  readonly #uniformPool: BufferPool;
  readonly #programs = new Map<string, Promise<Program>>();
  readonly #constants = new Map<string, GPUBuffer>();
  #lost: GPUDeviceLostInfo | undefined;
  #closed = false;

  constructor(acquired: AcquiredDevice, tools: LayoutTools, options: WebGpuBackendOptions = {}) {
    this.gpu = acquired.gpu;
    this.adapter = acquired.adapter;
    this.device = acquired.device;
    this.info = acquired.info;
    this.#tools = tools;
    this.#validate = options.validate ?? false;
    const limits = this.device.limits;
    this.workgroupSize = 2 ** Math.floor(Math.log2(Math.min(256, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX)));
    this.maxBindingBytes = Math.min(options.maxBindingBytes ?? Infinity, limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    this.maxWorkgroupsPerDimension = Math.min(options.maxWorkgroupsPerDimension ?? Infinity, limits.maxComputeWorkgroupsPerDimension);
    const usage = GPUBufferUsage;
    this.#storagePool = new BufferPool(this.device, usage.STORAGE | usage.COPY_SRC | usage.COPY_DST, this.maxBindingBytes);
    this.#stagingPool = new BufferPool(this.device, usage.MAP_READ | usage.COPY_DST, limits.maxBufferSize, 64 * 2 ** 20);
    this.#uniformPool = new BufferPool(this.device, usage.UNIFORM | usage.COPY_DST, limits.maxUniformBufferBindingSize, 2 ** 20);
    void this.device.lost.then((info) => {
      this.#lost = info;
    });
  }

  /** One line naming the adapter, for logs and demos. */
  describe(): string {
    const i = this.info;
    const name = [i.vendor, i.architecture, i.device, i.description].filter((s) => s !== '').join(' / ');
    return `WebGPU (${i.api}, ${i.backend}, ${i.featureLevel}): ${name || 'unnamed adapter'}`;
  }

  /** Counters of the storage buffer pool. */
  get poolStats(): PoolStats {
    return this.#storagePool.stats;
  }

  #assertUsable(): void {
    if (this.#closed) throw new BackendError('the WebGPU backend has been shut down; initialise it again');
    if (this.#lost !== undefined) throw new BackendError(`the WebGPU device was lost (${this.#lost.reason}): ${this.#lost.message}`);
  }

  /**
   * Uninitialised storage of `length` elements (kernel outputs). Throws the float64
   * {@link DTypeError} for float64, and a {@link BackendError} past the binding limit.
   */
  createStorage(dtype: DType, length: number, what = 'WebGPU kernel output'): GpuStorage {
    wgslScalar(dtype, what);
    this.#assertUsable();
    const bytes = length * WORD;
    if (bytes > this.maxBindingBytes) {
      throw new BackendError(
        `${what}: ${length} elements (${bytes} bytes as 32-bit words) exceed this device's largest storage binding ` +
          `(${this.maxBindingBytes} bytes); split the data or use the CPU backend`,
      );
    }
    return { backend: this, dtype, length, buffer: this.#storagePool.acquire(Math.max(bytes, WORD)), refs: 0 };
  }

  upload(data: TypedArray, dtype: DType): GpuStorage {
    const storage = this.createStorage(dtype, data.length, 'upload'); // refuses float64 and oversize data first
    this.#write(storage.buffer, widen(data, dtype));
    return storage;
  }

  /** `writeBuffer`, copying through an unshared scratch array when `words` are shared (Dawn refuses SharedArrayBuffer views). */
  #write(buffer: GPUBuffer, words: Float32Array | Int32Array | Uint32Array): void {
    if (words.length === 0) return;
    const shared = typeof SharedArrayBuffer === 'function' && words.buffer instanceof SharedArrayBuffer;
    if (!shared) {
      this.device.queue.writeBuffer(buffer, 0, words);
      return;
    }
    const chunk = Math.min(words.length, UPLOAD_CHUNK / WORD);
    const scratch = new (words.constructor as new (n: number) => typeof words)(chunk);
    for (let start = 0; start < words.length; start += chunk) {
      const part = words.subarray(start, start + chunk);
      scratch.set(part);
      this.device.queue.writeBuffer(buffer, start * WORD, scratch, 0, part.length);
    }
  }

  allocate(dtype: DType, length: number): GpuStorage {
    const storage = this.createStorage(dtype, length, 'allocate');
    const encoder = this.device.createCommandEncoder();
    encoder.clearBuffer(storage.buffer, 0, Math.max(length, 1) * WORD);
    this.device.queue.submit([encoder.finish()]);
    return storage;
  }

  async read(storage: Storage, offset: number, length: number): Promise<TypedArray> {
    this.#assertUsable();
    const Out = typedArrayConstructor(storage.dtype);
    if (length === 0) return new Out(0);
    const bytes = length * WORD;
    const staging = this.#stagingPool.acquire(bytes);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(storage.buffer as GPUBuffer, offset * WORD, staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    } catch (err) {
      this.#stagingPool.discard(staging);
      throw new BackendError(`reading ${length} elements back from the GPU failed`, { cause: err });
    }
    const out = new Out(length);
    out.set(wordsView(staging.getMappedRange(0, bytes), storage.dtype)); // narrows int8 ... bool as typed arrays do
    staging.unmap();
    this.#stagingPool.release(staging);
    return out;
  }

  free(storage: Storage): void {
    if (!this.#closed) this.#storagePool.release(storage.buffer as GPUBuffer);
  }

  /** A pooled scratch buffer of at least `bytes`, to pass to {@link run} as a temporary. */
  temporary(bytes: number): GPUBuffer {
    this.#assertUsable();
    if (bytes > this.maxBindingBytes) throw new BackendError(`a kernel needs ${bytes} bytes of scratch, past this device's largest storage binding (${this.maxBindingBytes})`);
    return this.#storagePool.acquire(Math.max(bytes, WORD));
  }

  /** A buffer uploaded once per key and kept until shutdown (FFT twiddle tables). */
  constant(key: string, make: () => Float32Array | Uint32Array): GPUBuffer {
    this.#assertUsable();
    let buffer = this.#constants.get(key);
    if (buffer === undefined) {
      const data = make();
      buffer = this.device.createBuffer({ size: Math.max(data.byteLength, WORD), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      this.device.queue.writeBuffer(buffer, 0, data);
      this.#constants.set(key, buffer);
    }
    return buffer;
  }

  /** The pipeline of `key`, compiling `code()` on first use. */
  program(key: string, code: () => string): Promise<Program> {
    this.#assertUsable();
    let program = this.#programs.get(key);
    if (program === undefined) {
      program = compileProgram(this.device, this.#tools, key, code());
      this.#programs.set(key, program);
      program.catch(() => this.#programs.delete(key));
    }
    return program;
  }

  /**
   * Encodes the dispatches in order into one compute pass, submits them, then returns the
   * uniform buffers and `temporaries` to their pools (later work is queued after this).
   */
  async run(dispatches: readonly Dispatch[], temporaries: readonly GPUBuffer[] = []): Promise<void> {
    this.#assertUsable();
    if (!this.#validate) {
      this.#submit(dispatches, temporaries);
      return;
    }
    this.device.pushErrorScope('validation');
    let failure: unknown;
    try {
      this.#submit(dispatches, temporaries);
    } catch (err) {
      failure = err;
    }
    const error = await this.device.popErrorScope(); // popped in every case, so scopes stay balanced
    if (failure !== undefined) throw failure;
    if (error !== null) throw new BackendError(`internal error: WebGPU validation failed in ${dispatches.map((d) => d.program.key).join(', ')}: ${error.message}`);
  }

  #submit(dispatches: readonly Dispatch[], temporaries: readonly GPUBuffer[]): void {
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    const uniforms: GPUBuffer[] = [];
    for (const { program, storages, params, workgroups } of dispatches) {
      if (workgroups === 0) continue;
      const entries: GPUBindGroupEntry[] = [];
      for (const [name, buffer] of Object.entries(storages)) {
        entries.push({ binding: program.defs.storages[name].binding, resource: { buffer } });
      }
      const definition = program.defs.uniforms.params;
      if (definition !== undefined) {
        const view = this.#tools.makeStructuredView(definition);
        view.set(params ?? {});
        const uniform = this.#uniformPool.acquire(view.arrayBuffer.byteLength);
        this.device.queue.writeBuffer(uniform, 0, view.arrayBuffer);
        uniforms.push(uniform);
        entries.push({ binding: definition.binding, resource: { buffer: uniform } });
      }
      pass.setPipeline(program.pipeline);
      pass.setBindGroup(0, this.device.createBindGroup({ layout: program.layout, entries, label: program.key }));
      pass.dispatchWorkgroups(...foldGrid(workgroups, this.maxWorkgroupsPerDimension));
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    for (const buffer of uniforms) this.#uniformPool.release(buffer);
    for (const buffer of temporaries) this.#storagePool.release(buffer);
  }

  /** Copies `bytes` between buffers on the queue (contiguous copies, no shader). */
  copyBuffer(source: GPUBuffer, sourceOffset: number, target: GPUBuffer, targetOffset: number, bytes: number): void {
    this.#assertUsable();
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, sourceOffset, target, targetOffset, bytes);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Destroys the pools, cached tables and the device (so Node.js can exit). Idempotent. */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.device.queue.onSubmittedWorkDone().catch(() => undefined);
    // idle buffers go now; those still held by arrays are destroyed with the device
    this.#storagePool.trim();
    this.#stagingPool.trim();
    this.#uniformPool.trim();
    for (const buffer of this.#constants.values()) buffer.destroy();
    this.#constants.clear();
    this.#programs.clear();
    this.device.destroy();
  }
}
