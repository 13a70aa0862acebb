/**
 * The FBP plan: geometry, filter and (on WebGPU) buffers set up once, batches of slices
 * reconstructed many times.
 * @module
 */
import { ArgumentError, DTypeError, DisposedError, NdArray, ShapeError, allocate, array, show } from '@pandaas/core';
import { checkBackend, onWebGpu, type TomoBackend } from '../backproject/backprojector.js';
import { CpuBackprojection } from '../backproject/cpu-backprojection.js';
import { parallelGeometry, type Geometry, type GeometryOptions } from '../backproject/geometry.js';
import { readFloats, storageBuffer, writeFloats } from '../backproject/gpu-buffers.js';
import { WebGpuBackprojection } from '../backproject/webgpu-backprojection.js';
import { SinogramFilter, type FilterOptions } from '../filters/sinogram-filter.js';
import { WebGpuSinogramFilter } from '../filters/webgpu-filter.js';

/**
 * The options of {@link FbpPlan.create} and {@link fbp}: the geometry's (centre convention,
 * output size, circle), the filter's (filter, padding) and the backend.
 *
 * @example
 * ```ts
 * const options: FbpOptions = { filter: 'hann', center: 'skimage', backend: 'webgpu' };
 * ```
 */
export interface FbpOptions extends GeometryOptions, FilterOptions {
  /** Where to run; default `'cpu'` (all cores). */
  readonly backend?: TomoBackend;
}

/** The WebGPU side of a plan: engines and the buffers of one pass, kept between batches. */
interface GpuSide {
  readonly filter: WebGpuSinogramFilter;
  readonly backprojection: WebGpuBackprojection;
  pass?: { slices: number; sino: GPUBuffer; filtered: GPUBuffer; out: GPUBuffer; readback: GPUBuffer };
}

/**
 * Filtered backprojection set up once for `nAngles` projections `nDet` wide: the filter response
 * (scikit-image's, see {@link filterResponse}), the angles' cos/sin and, on WebGPU, the shaders,
 * the filter kernel and the buffers of a batch. Each {@link reconstruct} filters a batch of
 * sinograms and backprojects them with `scale = π / (2·nAngles)`, so the result is in 1/pixel
 * for line integrals in pixels, as scikit-image's `iradon`, ASTRA and nabu give it.
 *
 * Matching scikit-image `iradon(sinogram.T, theta=degrees, circle=False)`: use
 * `center: 'skimage'` (axis at `nDet // 2`, image centre `size // 2`), the default filter
 * (`'ramp'`), padding (`'zero'`) and size (`floor(sqrt(nDet² / 2))`).
 *
 * @example
 * ```ts
 * import { FbpPlan } from '@pandaas/tomo';
 * const angles = Array.from({ length: 180 }, (_, i) => (i * Math.PI) / 180);
 * const plan = await FbpPlan.create(angles, 363, { center: 'skimage', filter: 'shepp-logan' });
 * const images = await plan.reconstruct(sinograms); // Float32Array [nSlices, 256, 256]
 * plan.dispose();
 * ```
 */
export class FbpPlan {
  readonly geometry: Geometry;
  readonly filter: SinogramFilter;
  readonly backend: TomoBackend;
  readonly #cpu: CpuBackprojection | undefined;
  readonly #gpu: GpuSide | undefined;
  #filtered: Float32Array = new Float32Array(0);
  #disposed = false;

  private constructor(geometry: Geometry, filter: SinogramFilter, cpu: CpuBackprojection | undefined, gpu: GpuSide | undefined) {
    this.geometry = geometry;
    this.filter = filter;
    this.#cpu = cpu;
    this.#gpu = gpu;
    this.backend = gpu === undefined ? 'cpu' : 'webgpu';
  }

  /**
   * Validates the options (an ArgumentError, ShapeError or IndexRangeError naming the option and
   * its value) and sets the plan up; a BackendError when `backend: 'webgpu'` is asked for and no
   * adapter answers.
   *
   * @example
   * ```ts
   * const plan = await FbpPlan.create(angles, 2048, { center: 1023.5, backend: 'webgpu' });
   * ```
   */
  static async create(angles: ArrayLike<number>, nDet: number, options: FbpOptions = {}): Promise<FbpPlan> {
    if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object; got ${show(options)}`);
    const geometry = parallelGeometry(angles, nDet, options);
    const filter = new SinogramFilter(nDet, options);
    const backend = checkBackend(options.backend ?? 'cpu', 'options.backend');
    if (backend === 'cpu') return new FbpPlan(geometry, filter, new CpuBackprojection(geometry), undefined);
    const backprojection = await onWebGpu('options.backend', () => WebGpuBackprojection.create(geometry));
    const gpuFilter = await WebGpuSinogramFilter.create(filter, backprojection.gpu);
    return new FbpPlan(geometry, filter, undefined, { filter: gpuFilter, backprojection });
  }

  /**
   * Reconstructs a batch: an NdArray `[nAngles, nDet]` or `[nSlices, nAngles, nDet]` (float32 or
   * float64, any backend) gives an NdArray `[nSlices, size, size]` float32 on the CPU (one slice
   * keeps a leading axis of 1 only when the input had it); a Float32Array of
   * `nSlices · nAngles · nDet` values gives a Float32Array `[nSlices, size, size]`.
   *
   * @example
   * ```ts
   * const images = await plan.reconstruct(batch); // NdArray [nSlices, size, size]
   * ```
   */
  reconstruct(batch: NdArray): Promise<NdArray>;
  reconstruct(batch: Float32Array): Promise<Float32Array>;
  reconstruct(batch: NdArray | Float32Array): Promise<NdArray | Float32Array>;
  async reconstruct(batch: NdArray | Float32Array): Promise<NdArray | Float32Array> {
    if (this.#disposed) throw new DisposedError('this FbpPlan has been disposed');
    const g = this.geometry;
    const plane = g.nAngles * g.nDet;
    if (batch instanceof Float32Array) {
      if (batch.length === 0 || batch.length % plane !== 0) {
        throw new ShapeError(`batch must hold whole sinograms of nAngles x nDet = ${g.nAngles} x ${g.nDet} values; got ${batch.length} values`);
      }
      return this.#run(batch, batch.length / plane);
    }
    if (!(batch instanceof NdArray)) throw new ArgumentError(`batch must be an NdArray or a Float32Array; got ${show(batch)}`);
    if (batch.dtype !== 'float32' && batch.dtype !== 'float64') throw new DTypeError(`batch must be float32 or float64; got ${batch.dtype}`);
    const s = batch.shape;
    if ((s.length !== 2 && s.length !== 3) || s[s.length - 2] !== g.nAngles || s[s.length - 1] !== g.nDet || (s.length === 3 && s[0] < 1)) {
      throw new ShapeError(`batch must have the shape [nAngles, nDet] = [${g.nAngles}, ${g.nDet}] or [nSlices, ${g.nAngles}, ${g.nDet}]; got ${show(s)}`);
    }
    const values = await batch.data();
    const nSlices = s.length === 3 ? s[0] : 1;
    const images = await this.#run(values instanceof Float32Array ? values : Float32Array.from(values), nSlices);
    return array(images, { shape: s.length === 3 ? [nSlices, g.size, g.size] : [g.size, g.size], backend: 'cpu' });
  }

  /**
   * Releases the plan's buffers (GPU memory); `reconstruct` throws a DisposedError afterwards.
   * Idempotent.
   *
   * @example
   * ```ts
   * plan.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#filtered = new Float32Array(0);
    const gpu = this.#gpu;
    if (gpu === undefined) return;
    gpu.filter.dispose();
    gpu.backprojection.dispose();
    if (gpu.pass !== undefined) for (const buffer of [gpu.pass.sino, gpu.pass.filtered, gpu.pass.out, gpu.pass.readback]) buffer.destroy();
  }

  async #run(values: Float32Array, nSlices: number): Promise<Float32Array> {
    const g = this.geometry;
    const out = allocate('float32', nSlices * g.size * g.size, true);
    const scale = Math.PI / (2 * g.nAngles);
    if (this.#cpu !== undefined) {
      const rows = nSlices * g.nAngles;
      // one value more, read (times 0) at t = nDet - 1 of the last row
      if (this.#filtered.length < rows * g.nDet + 1) this.#filtered = allocate('float32', rows * g.nDet + 1, true);
      await this.filter.apply(values, rows, this.#filtered);
      await this.#cpu.run(this.#filtered, nSlices, scale, out);
      return out;
    }
    await this.#runGpu(this.#gpu as GpuSide, values, nSlices, scale, out);
    return out;
  }

  async #runGpu(gpu: GpuSide, values: Float32Array, nSlices: number, scale: number, out: Float32Array): Promise<void> {
    const g = this.geometry;
    const device = gpu.backprojection.gpu.device;
    const plane = g.nAngles * g.nDet;
    const image = g.size * g.size;
    const perPass = Math.min(nSlices, gpu.backprojection.slicesPerPass());
    if (gpu.pass === undefined || gpu.pass.slices < perPass) {
      if (gpu.pass !== undefined) for (const buffer of [gpu.pass.sino, gpu.pass.filtered, gpu.pass.out, gpu.pass.readback]) buffer.destroy();
      gpu.pass = {
        slices: perPass,
        sino: storageBuffer(device, 4 * perPass * plane, 'tomo sinograms', GPUBufferUsage.COPY_DST),
        filtered: storageBuffer(device, 4 * perPass * plane, 'tomo filtered sinograms'),
        out: storageBuffer(device, 4 * perPass * image, 'tomo images', GPUBufferUsage.COPY_SRC),
        readback: device.createBuffer({ size: Math.max(4, 4 * perPass * image), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'tomo readback' }),
      };
    }
    const pass = gpu.pass;
    for (let s = 0; s < nSlices; s += perPass) {
      const n = Math.min(perPass, nSlices - s);
      writeFloats(device, pass.sino, values.subarray(s * plane, (s + n) * plane));
      const encoder = device.createCommandEncoder({ label: 'tomo fbp' });
      gpu.filter.encode(encoder, pass.sino, pass.filtered, n * g.nAngles);
      gpu.backprojection.encode(encoder, pass.filtered, pass.out, n, scale);
      encoder.copyBufferToBuffer(pass.out, 0, pass.readback, 0, 4 * n * image);
      device.queue.submit([encoder.finish()]);
      await readFloats(pass.readback, out.subarray(s * image, (s + n) * image));
    }
  }
}
