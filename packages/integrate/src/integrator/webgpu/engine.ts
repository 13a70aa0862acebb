/**
 * The WebGPU engine: the CSR matrix and the static corrections resident on the GPU, each frame
 * uploaded as raw counts and integrated by one fused preprocessing + gather dispatch.
 * @module
 */
import { ArgumentError, BackendError, DTypeError, DisposedError, NdArray, ShapeError, initWebGpuBackend, show, type Program, type TypedArray, type WebGpuBackend } from '@pandaas/core';
import type { Csr } from '../../splitting/types.js';
import type { Accumulators, Corrections, Engine } from '../engine.js';
import { checkCorrections } from '../engine-inputs.js';
import { checkCsr } from './checks.js';
import { CHANNELS, PARAM_BYTES, gatherBindings, gatherShader, packParams, type GatherVariant } from './gather-shader.js';
import { residentFormat, uploadBytes, uploadFormat, writeFrame, type RawFormat } from './raw-format.js';

/** Frames in flight at most: one being uploaded while the other is integrated (double buffering). */
const SLOTS = 2;

/**
 * What {@link WebGpuEngine.submit} returns once the frame has been copied out of its memory.
 *
 * @example
 * ```ts
 * const { result } = await engine.submit(frame); // the frame's memory may be reused now
 * const sums = await result;
 * ```
 */
export interface Submitted {
  /** The frame's sums, once the GPU has integrated it and they are read back. */
  readonly result: Promise<Accumulators>;
}

/** The buffers of one frame in flight. */
interface Slot {
  /** Mappable upload memory (MAP_WRITE | COPY_SRC), mapped while the slot is idle. */
  readonly upload: GPUBuffer;
  /** Settles once `upload` is mapped again (with the error when mapping failed). */
  uploadReady: Promise<unknown>;
  /** The raw frame on the GPU. */
  readonly raw: GPUBuffer;
  readonly params: GPUBuffer;
  /** Five (sum, compensation) pairs per bin. */
  readonly out: GPUBuffer;
  readonly readback: GPUBuffer;
  /** Bind groups of CPU frames, per program. */
  readonly groups: Map<string, GPUBindGroup>;
}

/** Where a frame's values come from. */
type Source = { kind: 'copy'; values: TypedArray; dtype: NdArray['dtype'] } | { kind: 'resident'; buffer: GPUBuffer; offset: number; dtype: NdArray['dtype'] };

function roundUp4(bytes: number): number {
  return Math.max(4, Math.ceil(bytes / 4) * 4);
}

/** A buffer initialised with `data` (mapped at creation: no staging copy). */
function staticBuffer(device: GPUDevice, data: ArrayBufferView, label: string): GPUBuffer {
  const buffer = device.createBuffer({ size: roundUp4(data.byteLength), usage: GPUBufferUsage.STORAGE, mappedAtCreation: true, label });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

/** Invocations per workgroup for rows of `perRow` stored elements on average: a quarter of them, 32 to the device's maximum. */
function workgroupSizeFor(perRow: number, maximum: number): number {
  const wanted = 2 ** Math.ceil(Math.log2(Math.max(1, perRow / 4)));
  return Math.min(maximum, Math.max(32, wanted));
}

/** The dispatch grid of `count` workgroups, folded into 2-D past the per-dimension limit (the shader skips the surplus). */
function grid(count: number, limit: number): [number, number] {
  if (count <= limit) return [count, 1];
  const y = Math.ceil(count / limit);
  return [Math.ceil(count / y), y];
}

/**
 * The WebGPU implementation of {@link Engine} (make one with {@link createWebGpuEngine}).
 *
 * Per frame it uploads the raw values in their own width (uint16 counts move 2 bytes a pixel;
 * only float64 is converted, to float32, while being copied), then one dispatch runs pyFAI's
 * preprocessing fused with the CSR gather, one workgroup per bin: a pixel is invalid when its
 * value is not finite, when it is statically invalid (norm 0), when |raw - dummy| <= deltaDummy
 * (if a dummy is set), or when its signal or variance is not finite; each valid pixel adds
 * c.s, c^2.v, c.n, (c.n)^2 and c to five compensated float32 sums (the `azimuthal` model sums
 * c.n.(s/n - mean)^2 in a second pass over the bin, around the mean of the first). Only the five
 * per-bin arrays come back. Two frames can be in flight: while one is integrated, the next is
 * copied into the other upload buffer.
 *
 * Precision: every product is rounded once or twice to float32 and the sums are compensated, so
 * the accumulators carry a relative error of a few 1e-7 against float64 sums of the same data.
 *
 * The engine holds pandaas' WebGPU backend, not only its device: the backend keeps Dawn's `GPU`
 * instance and adapter alive, whose garbage collection would abort the process at the next queue
 * operation (Dawn 0.6.2 destroys the native instance with its JS object).
 *
 * @example
 * ```ts
 * const engine = await createWebGpuEngine(csr, corrections);
 * const sums = await engine.run(frame); // frame: an NdArray of the detector's shape, any dtype
 * engine.dispose();
 * ```
 */
export class WebGpuEngine implements Engine {
  readonly backend = 'webgpu' as const;
  /** Number of bins (rows of the matrix). */
  readonly bins: number;
  /** Number of detector pixels a frame must have. */
  readonly pixels: number;
  readonly #gpu: WebGpuBackend;
  readonly #corrections: Corrections;
  readonly #statics: Record<string, GPUBuffer>;
  readonly #slots: Slot[];
  readonly #free: Slot[];
  readonly #waiting: ((slot: Slot) => void)[] = [];
  /** Per frame handed to {@link submit}: settles once its values are copied out of its memory. */
  readonly #staging = new WeakMap<NdArray, Promise<void>>();
  readonly #workgroupSize: number;
  #inFlight = 0;
  #disposed = false;

  /**
   * Use {@link createWebGpuEngine}.
   * @internal
   */
  constructor(gpu: WebGpuBackend, csr: Csr, corrections: Corrections, statics: Record<string, GPUBuffer>, slots: Slot[]) {
    this.#gpu = gpu;
    this.bins = csr.rows;
    this.pixels = csr.cols;
    this.#corrections = corrections;
    this.#statics = statics;
    this.#slots = slots;
    this.#free = [...slots];
    this.#workgroupSize = workgroupSizeFor(csr.rows === 0 ? 0 : csr.indices.length / csr.rows, gpu.workgroupSize);
  }

  /**
   * One line naming the GPU adapter.
   *
   * @example
   * ```ts
   * console.log(engine.describe());
   * ```
   */
  describe(): string {
    return this.#gpu.describe();
  }

  /**
   * Starts integrating `frame` and resolves once its values have been copied out of the frame's
   * memory (the caller may then overwrite or dispose it), with the promise of its sums. Waits
   * first while two frames are in flight. A frame already on the WebGPU backend is read in place
   * (keep it alive until `result` settles).
   *
   * @example
   * ```ts
   * const first = await engine.submit(frame0);
   * const second = await engine.submit(frame1); // uploaded while frame0 is integrated
   * console.log((await first.result).signal, (await second.result).signal);
   * ```
   */
  submit(frame: NdArray): Promise<Submitted> {
    if (!(frame instanceof NdArray)) return Promise.reject(new ArgumentError(`frame must be an NdArray; got ${show(frame)}`));
    // registered before the first await, so that staged(frame) sees it as soon as submit (or run) was called
    const submitted = this.#submit(frame);
    this.#staging.set(frame, submitted.then(() => undefined, () => undefined));
    return submitted;
  }

  /**
   * Settles once the last {@link submit} (or {@link run}) of `frame` has copied its values out of
   * the frame's memory, or failed; at once for a frame never handed to this engine. A stream
   * that reuses one buffer for its frames waits for this before overwriting it.
   *
   * @example
   * ```ts
   * const pending = engine.run(frame);
   * await engine.staged(frame); // the frame's buffer may now be refilled
   * ```
   */
  staged(frame: NdArray): Promise<void> {
    return this.#staging.get(frame) ?? Promise.resolve();
  }

  async #submit(frame: NdArray): Promise<Submitted> {
    this.#assertOpen();
    if (frame.dtype === 'bool') throw new DTypeError('frame must hold numbers (a numeric dtype); got dtype bool');
    if (frame.size !== this.pixels) throw new ShapeError(`frame must hold ${this.pixels} pixels; got shape ${show(frame.shape)}`);
    const source = await this.#sourceOf(frame);
    const format: RawFormat = source.kind === 'copy' ? uploadFormat(source.dtype) : residentFormat(source.dtype);
    const program = await this.#program(format);
    const slot = await this.#acquire();
    try {
      const failure = await slot.uploadReady;
      if (failure !== undefined) throw new BackendError('the WebGPU upload buffer could not be mapped', { cause: failure });
      this.#assertOpen();
      this.#encode(slot, program, source);
    } catch (err) {
      this.#release(slot);
      throw err;
    }
    return { result: this.#collect(slot) };
  }

  /**
   * Integrates one frame: {@link submit}, then its result.
   *
   * @example
   * ```ts
   * const { signal, normalization } = await engine.run(frame);
   * ```
   */
  async run(frame: NdArray): Promise<Accumulators> {
    return (await this.submit(frame)).result;
  }

  /**
   * Releases the GPU buffers (once the frames in flight are done); `run` throws a DisposedError
   * afterwards. Idempotent.
   *
   * @example
   * ```ts
   * engine.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#inFlight === 0) this.#destroy();
  }

  #assertOpen(): void {
    if (this.#disposed) throw new DisposedError('this WebGPU engine has been disposed');
  }

  async #sourceOf(frame: NdArray): Promise<Source> {
    if (frame.backend.name === 'cpu') return { kind: 'copy', values: frame.dataSync(), dtype: frame.dtype };
    const buffer = frame.storage.buffer;
    if (frame.backend === this.#gpu && frame.isContiguous && buffer instanceof GPUBuffer) {
      return { kind: 'resident', buffer, offset: frame.offset, dtype: frame.dtype };
    }
    return { kind: 'copy', values: await frame.data(), dtype: frame.dtype };
  }

  #variant(raw: RawFormat): GatherVariant {
    const c = this.#corrections;
    return { raw, dark: c.dark !== undefined, errorModel: c.errorModel, dummy: c.dummy !== undefined, workgroupSize: this.#workgroupSize };
  }

  #program(raw: RawFormat): Promise<Program> {
    const v = this.#variant(raw);
    const key = `integrate-gather:${v.raw}:${v.dark ? 'dark' : ''}:${v.errorModel}:${v.dummy ? 'dummy' : ''}:${v.workgroupSize}`;
    return this.#gpu.program(key, () => gatherShader(v));
  }

  #bindGroup(slot: Slot, program: Program, raw: GPUBuffer): GPUBindGroup {
    const buffers: Record<string, GPUBuffer> = { ...this.#statics, raw, out: slot.out };
    const names = gatherBindings(this.#variant('f32'));
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: slot.params } }];
    names.forEach((name, i) => entries.push({ binding: i + 1, resource: { buffer: buffers[name] } }));
    return this.#gpu.device.createBindGroup({ layout: program.layout, entries, label: program.key });
  }

  #acquire(): Promise<Slot> {
    const slot = this.#free.shift();
    this.#inFlight++;
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(slot: Slot): void {
    this.#inFlight--;
    const next = this.#waiting.shift();
    if (next !== undefined) next(slot);
    else this.#free.push(slot);
    if (this.#disposed && this.#inFlight === 0) this.#destroy();
  }

  #encode(slot: Slot, program: Program, source: Source): void {
    const device = this.#gpu.device;
    const c = this.#corrections;
    let group: GPUBindGroup;
    let rawOffset = 0;
    let uploaded = 0;
    if (source.kind === 'copy') {
      uploaded = uploadBytes(source.dtype, this.pixels);
      writeFrame(slot.upload.getMappedRange(0, uploaded), source.values, source.dtype);
      slot.upload.unmap();
      group = slot.groups.get(program.key) ?? this.#bindGroup(slot, program, slot.raw);
      slot.groups.set(program.key, group);
    } else {
      rawOffset = source.offset;
      group = this.#bindGroup(slot, program, source.buffer);
    }
    device.queue.writeBuffer(slot.params, 0, packParams({ rows: this.bins, rawOffset, dummy: c.dummy ?? 0, deltaDummy: c.deltaDummy ?? 0 }));
    const encoder = device.createCommandEncoder({ label: 'integrate frame' });
    if (uploaded > 0) encoder.copyBufferToBuffer(slot.upload, 0, slot.raw, 0, uploaded);
    if (this.bins > 0) {
      const pass = encoder.beginComputePass();
      pass.setPipeline(program.pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(...grid(this.bins, this.#gpu.maxWorkgroupsPerDimension));
      pass.end();
      encoder.copyBufferToBuffer(slot.out, 0, slot.readback, 0, slot.out.size);
    }
    device.queue.submit([encoder.finish()]);
    if (uploaded > 0) slot.uploadReady = slot.upload.mapAsync(GPUMapMode.WRITE).then(() => undefined, (err: unknown) => err ?? new Error('mapAsync failed'));
  }

  async #collect(slot: Slot): Promise<Accumulators> {
    try {
      const bins = this.bins;
      const sums = {} as Record<(typeof CHANNELS)[number], Float64Array>;
      for (const name of CHANNELS) sums[name] = new Float64Array(bins);
      if (bins === 0) return sums;
      try {
        await slot.readback.mapAsync(GPUMapMode.READ);
      } catch (err) {
        throw new BackendError('reading the integrated frame back from the GPU failed', { cause: err });
      }
      const pairs = new Float32Array(slot.readback.getMappedRange());
      CHANNELS.forEach((name, k) => {
        const target = sums[name];
        for (let b = 0, i = 2 * k * bins; b < bins; b++, i += 2) {
          const hi = pairs[i];
          target[b] = Number.isFinite(hi) ? hi + pairs[i + 1] : hi;
        }
      });
      slot.readback.unmap();
      return sums;
    } finally {
      this.#release(slot);
    }
  }

  #destroy(): void {
    for (const buffer of Object.values(this.#statics)) buffer.destroy();
    for (const slot of this.#slots) {
      for (const buffer of [slot.upload, slot.raw, slot.params, slot.out, slot.readback]) buffer.destroy();
    }
  }
}

function createSlot(device: GPUDevice, pixels: number, bins: number): Slot {
  const usage = GPUBufferUsage;
  const frameBytes = roundUp4(4 * pixels);
  const outBytes = roundUp4(CHANNELS.length * 2 * 4 * bins);
  return {
    upload: device.createBuffer({ size: frameBytes, usage: usage.MAP_WRITE | usage.COPY_SRC, mappedAtCreation: true, label: 'integrate upload' }),
    uploadReady: Promise.resolve(undefined),
    raw: device.createBuffer({ size: frameBytes, usage: usage.STORAGE | usage.COPY_DST, label: 'integrate raw frame' }),
    params: device.createBuffer({ size: PARAM_BYTES, usage: usage.UNIFORM | usage.COPY_DST, label: 'integrate params' }),
    out: device.createBuffer({ size: outBytes, usage: usage.STORAGE | usage.COPY_SRC, label: 'integrate sums' }),
    readback: device.createBuffer({ size: outBytes, usage: usage.MAP_READ | usage.COPY_DST, label: 'integrate readback' }),
    groups: new Map(),
  };
}

/**
 * Sets up the WebGPU engine of a plan: uploads the CSR matrix, the norm (zeroed where `invalid`
 * is set) and the dark and variance arrays once, and allocates two frames' worth of upload and
 * result buffers. Checks the matrix (shape, sorted `indptr`, pixel indices in range) and the
 * corrections (lengths, error model, a variance array for `variance`): an ArgumentError or
 * ShapeError names what is wrong. Throws a BackendError when no WebGPU adapter answers, or when
 * an array exceeds the device's largest storage binding (llvmpipe: 128 MiB, i.e. 33.5 million
 * matrix elements): use the CPU engine there.
 *
 * @example
 * ```ts
 * import { createWebGpuEngine } from '@pandaas/integrate';
 * const engine = await createWebGpuEngine(csr, { norm, invalid, errorModel: 'poisson', dummy: -2, deltaDummy: 1.5 });
 * for (const frame of frames) console.log((await engine.run(frame)).signal);
 * engine.dispose();
 * ```
 */
export async function createWebGpuEngine(csr: Csr, corrections: Corrections): Promise<WebGpuEngine> {
  checkCsr(csr);
  const pixels = checkCorrections(corrections);
  if (pixels !== csr.cols) throw new ShapeError(`csr.cols must be the number of pixels of the corrections (${pixels}); got ${csr.cols}`);
  const gpu = await initWebGpuBackend();
  const device = gpu.device;
  const sizes: Record<string, number> = { indices: csr.indices.byteLength, weights: csr.weights.byteLength, 'raw frame': 4 * csr.cols };
  for (const [what, bytes] of Object.entries(sizes)) {
    if (bytes > gpu.maxBindingBytes) {
      throw new BackendError(
        `the ${what} array takes ${bytes} bytes, more than this device's largest storage binding (${gpu.maxBindingBytes} bytes); integrate on the CPU instead`,
      );
    }
  }
  device.pushErrorScope('out-of-memory');
  const statics: Record<string, GPUBuffer> = {
    indptr: staticBuffer(device, csr.indptr, 'integrate indptr'),
    indices: staticBuffer(device, csr.indices, 'integrate indices'),
    weights: staticBuffer(device, csr.weights, 'integrate weights'),
  };
  const norm = device.createBuffer({ size: roundUp4(4 * csr.cols), usage: GPUBufferUsage.STORAGE, mappedAtCreation: true, label: 'integrate norm' });
  const values = new Float32Array(norm.getMappedRange(), 0, csr.cols);
  values.set(corrections.norm);
  const invalid = corrections.invalid;
  for (let i = 0; i < invalid.length; i++) if (invalid[i] !== 0) values[i] = 0;
  norm.unmap();
  statics.norm = norm;
  if (corrections.dark !== undefined) statics.dark = staticBuffer(device, corrections.dark, 'integrate dark');
  if (corrections.errorModel === 'variance' && corrections.variance !== undefined) statics.variance = staticBuffer(device, corrections.variance, 'integrate variance');
  const slots = Array.from({ length: SLOTS }, () => createSlot(device, csr.cols, csr.rows));
  const error = await device.popErrorScope();
  const engine = new WebGpuEngine(gpu, csr, corrections, statics, slots);
  if (error !== null) {
    engine.dispose();
    throw new BackendError(`the GPU has not enough memory for this integration plan: ${error.message}`);
  }
  return engine;
}
