/**
 * The WebGPU backprojection: the angles resident on the GPU, one dispatch per angle range.
 * @module
 */
import { BackendError, DisposedError, initWebGpuBackend, type Program, type WebGpuBackend } from '@pandaas/core';
import { BACKPROJECT_PARAM_BYTES, SLICES_PER_THREAD, WORKGROUP_SIDE, backprojectShader, packBackprojectParams } from './backproject-shader.js';
import type { Geometry } from './geometry.js';
import { readFloats, storageBuffer, writeFloats } from './gpu-buffers.js';

/**
 * Angles per dispatch at most: llvmpipe stops a shader loop after 65,535 iterations, and each
 * invocation loops once per angle; later ranges add to the output of the first.
 */
export const ANGLES_PER_DISPATCH = 16_384;

/** The buffers of one pass of {@link WebGpuBackprojection.run}, kept between runs. */
interface PassBuffers {
  readonly slices: number;
  readonly sino: GPUBuffer;
  readonly out: GPUBuffer;
  readonly readback: GPUBuffer;
}

/**
 * The WebGPU engine of the backprojector for one geometry. It holds pandaas' WebGPU backend (not
 * only its device: the backend keeps Dawn's instance alive). Arithmetic is float32: `t` is
 * rounded to float32 (about 6e-5 px at t ≈ 1000) and each range of 256 angles is summed apart
 * before joining the total.
 *
 * @example
 * ```ts
 * const gpu = await WebGpuBackprojection.create(geometry);
 * await gpu.run(sino, nSlices, 1, out);
 * gpu.dispose();
 * ```
 */
export class WebGpuBackprojection {
  readonly geometry: Geometry;
  readonly gpu: WebGpuBackend;
  readonly #program: Program;
  readonly #trig: GPUBuffer;
  readonly #params: GPUBuffer[] = [];
  #pass: PassBuffers | undefined;
  #disposed = false;

  private constructor(geometry: Geometry, gpu: WebGpuBackend, program: Program, trig: GPUBuffer) {
    this.geometry = geometry;
    this.gpu = gpu;
    this.#program = program;
    this.#trig = trig;
  }

  /**
   * Initialises the WebGPU backend (a BackendError when no adapter answers), compiles the shader
   * and uploads the angles' cos/sin.
   *
   * @example
   * ```ts
   * const engine = await WebGpuBackprojection.create(parallelGeometry(angles, 512));
   * ```
   */
  static async create(geometry: Geometry): Promise<WebGpuBackprojection> {
    const gpu = await initWebGpuBackend();
    const program = await gpu.program('tomo-backproject', backprojectShader);
    const trig = new Float32Array(2 * geometry.nAngles);
    geometry.angles.forEach((angle, a) => {
      trig[2 * a] = Math.cos(angle);
      trig[2 * a + 1] = Math.sin(angle);
    });
    const buffer = storageBuffer(gpu.device, trig.byteLength, 'tomo angles', GPUBufferUsage.COPY_DST);
    writeFloats(gpu.device, buffer, trig);
    return new WebGpuBackprojection(geometry, gpu, program, buffer);
  }

  /**
   * How many slices one pass can hold: as many as fit the device's largest storage binding for
   * both the sinograms and the images (at least 1).
   *
   * @example
   * ```ts
   * engine.slicesPerPass(); // 8 for 2048² slices from 2048 angles on llvmpipe (128 MiB)
   * ```
   */
  slicesPerPass(): number {
    const g = this.geometry;
    const perSlice = 4 * Math.max(g.nAngles * g.nDet, g.size * g.size);
    return Math.max(1, Math.floor((this.gpu.maxBindingBytes - 4) / perSlice));
  }

  /**
   * Records the backprojection of `nSlices` sinograms in `sino` (`[nSlices, nAngles, nDet]`)
   * into `out` (`[nSlices, size, size]`), times `scale`, in `encoder`. The parameters are
   * written at once: submit before the next `encode`.
   *
   * @example
   * ```ts
   * const encoder = device.createCommandEncoder();
   * engine.encode(encoder, sino, out, 4, Math.PI / (2 * nAngles));
   * device.queue.submit([encoder.finish()]);
   * ```
   */
  encode(encoder: GPUCommandEncoder, sino: GPUBuffer, out: GPUBuffer, nSlices: number, scale: number): void {
    this.#assertOpen();
    const g = this.geometry;
    const device = this.gpu.device;
    const side = Math.ceil(g.size / WORKGROUP_SIDE);
    const groups = Math.ceil(nSlices / SLICES_PER_THREAD);
    const limit = this.gpu.maxWorkgroupsPerDimension;
    if (side > limit || groups > limit) throw new BackendError(`a ${g.size}² image of ${nSlices} slices needs more workgroups than this device dispatches (${limit} per dimension)`);
    const radius = Math.floor(g.size / 2);
    for (let first = 0, k = 0; first < g.nAngles; first += ANGLES_PER_DISPATCH, k++) {
      const params = (this.#params[k] ??= device.createBuffer({ size: BACKPROJECT_PARAM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'tomo backproject params' }));
      device.queue.writeBuffer(params, 0, packBackprojectParams({
        firstAngle: first,
        angleCount: Math.min(ANGLES_PER_DISPATCH, g.nAngles - first),
        nDet: g.nDet,
        size: g.size,
        plane: g.nAngles * g.nDet,
        nSlices,
        accumulate: first > 0,
        center: g.center,
        imageCenter: g.imageCenter,
        scale,
        radius2: g.circle ? radius * radius : -1,
      }));
      const group = device.createBindGroup({
        layout: this.#program.layout,
        entries: [params, this.#trig, sino, out].map((buffer, binding) => ({ binding, resource: { buffer } })),
        label: 'tomo backproject',
      });
      const pass = encoder.beginComputePass({ label: 'tomo backproject' });
      pass.setPipeline(this.#program.pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(side, side, groups);
      pass.end();
    }
  }

  /**
   * Backprojects `nSlices` sinograms from host memory into `out`, times `scale`: uploads them,
   * runs {@link encode} and reads the images back, {@link slicesPerPass} slices at a time.
   *
   * @example
   * ```ts
   * await engine.run(sino, 2, 1, out);
   * ```
   */
  async run(sino: Float32Array, nSlices: number, scale: number, out: Float32Array): Promise<void> {
    const g = this.geometry;
    const plane = g.nAngles * g.nDet;
    const image = g.size * g.size;
    const perPass = Math.min(nSlices, this.slicesPerPass());
    const buffers = this.#buffers(perPass);
    const device = this.gpu.device;
    for (let s = 0; s < nSlices; s += perPass) {
      const n = Math.min(perPass, nSlices - s);
      writeFloats(device, buffers.sino, sino.subarray(s * plane, (s + n) * plane));
      const encoder = device.createCommandEncoder({ label: 'tomo backproject' });
      this.encode(encoder, buffers.sino, buffers.out, n, scale);
      encoder.copyBufferToBuffer(buffers.out, 0, buffers.readback, 0, 4 * n * image);
      device.queue.submit([encoder.finish()]);
      await readFloats(buffers.readback, out.subarray(s * image, (s + n) * image));
    }
  }

  /**
   * Releases the GPU buffers; the engine cannot run afterwards. Idempotent.
   *
   * @example
   * ```ts
   * engine.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#trig.destroy();
    for (const buffer of this.#params) buffer.destroy();
    this.#destroyPass();
  }

  #assertOpen(): void {
    if (this.#disposed) throw new DisposedError('this WebGPU backprojection has been disposed');
  }

  #buffers(slices: number): PassBuffers {
    if (this.#pass !== undefined && this.#pass.slices >= slices) return this.#pass;
    this.#destroyPass();
    const g = this.geometry;
    const device = this.gpu.device;
    const imageBytes = 4 * slices * g.size * g.size;
    this.#pass = {
      slices,
      sino: storageBuffer(device, 4 * slices * g.nAngles * g.nDet, 'tomo sinograms', GPUBufferUsage.COPY_DST),
      out: storageBuffer(device, imageBytes, 'tomo images', GPUBufferUsage.COPY_SRC),
      readback: device.createBuffer({ size: Math.max(4, imageBytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'tomo readback' }),
    };
    return this.#pass;
  }

  #destroyPass(): void {
    if (this.#pass === undefined) return;
    for (const buffer of [this.#pass.sino, this.#pass.out, this.#pass.readback]) buffer.destroy();
    this.#pass = undefined;
  }
}
