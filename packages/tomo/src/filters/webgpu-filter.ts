/**
 * The WebGPU sinogram filter: the filter's spatial kernel resident on the GPU, rows filtered by
 * direct convolution.
 * @module
 */
import { BackendError, DisposedError, type Program, type WebGpuBackend } from '@pandaas/core';
import { storageBuffer, writeFloats } from '../backproject/gpu-buffers.js';
import { FILTER_PARAM_BYTES, FILTER_TILE, filterShader, packFilterParams } from './filter-shader.js';
import type { SinogramFilter } from './sinogram-filter.js';
import { spatialKernel } from './spatial-kernel.js';

/**
 * A {@link SinogramFilter} on the GPU. The convolution costs `nDet` multiply-adds per output
 * (the FFT path of the CPU, `~10·log₂(2·nDet)`): cheap next to the backprojection's `nAngles`
 * (or more) updates per pixel at the sizes FBP meets. Float32 sums.
 *
 * @example
 * ```ts
 * const gpuFilter = await WebGpuSinogramFilter.create(new SinogramFilter(512), gpu);
 * gpuFilter.encode(encoder, sino, filtered, rows);
 * ```
 */
export class WebGpuSinogramFilter {
  readonly nDet: number;
  readonly #gpu: WebGpuBackend;
  readonly #program: Program;
  readonly #edge: boolean;
  readonly #kernel: GPUBuffer;
  readonly #edges: GPUBuffer;
  readonly #params: GPUBuffer;
  #disposed = false;

  private constructor(gpu: WebGpuBackend, program: Program, filter: SinogramFilter) {
    this.nDet = filter.nDet;
    this.#gpu = gpu;
    this.#program = program;
    this.#edge = filter.padding === 'edge';
    const device = gpu.device;
    const { kernel, edges } = spatialKernel(filter.response, filter.nDet, this.#edge);
    this.#kernel = storageBuffer(device, 4 * kernel.length, 'tomo filter kernel', GPUBufferUsage.COPY_DST);
    writeFloats(device, this.#kernel, Float32Array.from(kernel));
    this.#edges = storageBuffer(device, 4 * edges.length, 'tomo filter edges', GPUBufferUsage.COPY_DST);
    writeFloats(device, this.#edges, Float32Array.from(edges));
    this.#params = device.createBuffer({ size: FILTER_PARAM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'tomo filter params' });
  }

  /**
   * Compiles the shader and uploads the filter's spatial kernel to `gpu`'s device.
   *
   * @example
   * ```ts
   * const gpuFilter = await WebGpuSinogramFilter.create(filter, await initWebGpuBackend());
   * ```
   */
  static async create(filter: SinogramFilter, gpu: WebGpuBackend): Promise<WebGpuSinogramFilter> {
    const program = await gpu.program('tomo-filter', filterShader);
    return new WebGpuSinogramFilter(gpu, program, filter);
  }

  /**
   * Records the filtering of `rows` rows of `src` into `dst` (both `[rows, nDet]`) in `encoder`.
   * The parameters are written at once: submit before the next `encode`.
   *
   * @example
   * ```ts
   * gpuFilter.encode(encoder, sino, filtered, nSlices * nAngles);
   * ```
   */
  encode(encoder: GPUCommandEncoder, src: GPUBuffer, dst: GPUBuffer, rows: number): void {
    if (this.#disposed) throw new DisposedError('this WebGPU sinogram filter has been disposed');
    const workgroups = rows * Math.ceil(this.nDet / FILTER_TILE);
    if (workgroups === 0) return;
    const [x, y] = foldGrid(workgroups, this.#gpu.maxWorkgroupsPerDimension);
    const device = this.#gpu.device;
    device.queue.writeBuffer(this.#params, 0, packFilterParams(this.nDet, rows, this.#edge, x));
    const group = device.createBindGroup({
      layout: this.#program.layout,
      entries: [this.#params, this.#kernel, this.#edges, src, dst].map((buffer, binding) => ({ binding, resource: { buffer } })),
      label: 'tomo filter',
    });
    const pass = encoder.beginComputePass({ label: 'tomo filter' });
    pass.setPipeline(this.#program.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y);
    pass.end();
  }

  /**
   * Releases the GPU buffers. Idempotent.
   *
   * @example
   * ```ts
   * gpuFilter.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const buffer of [this.#kernel, this.#edges, this.#params]) buffer.destroy();
  }
}

/** `[x, y]` workgroups covering `count` when one dimension allows `limit` (the shader skips the surplus). */
function foldGrid(count: number, limit: number): [number, number] {
  if (count <= limit) return [count, 1];
  const y = Math.ceil(count / limit);
  if (y > limit) throw new BackendError(`filtering needs ${count} workgroups, more than this device dispatches (${limit} x ${limit})`);
  return [Math.ceil(count / y), y];
}
