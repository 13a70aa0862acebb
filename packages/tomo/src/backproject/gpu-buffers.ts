/**
 * Buffer helpers of the WebGPU paths (internal): uploads from shared memory, read-backs.
 * @module
 */
import { BackendError } from '@pandaas/core';

/** Bytes copied per `writeBuffer` when the data sits on shared memory (Dawn refuses such views). */
const UPLOAD_CHUNK = 8 * 2 ** 20;

/**
 * A storage buffer of at least `bytes` (rounded up to 4, at least 4), zeroed.
 *
 * @example
 * ```ts
 * const sino = storageBuffer(device, 4 * values, 'tomo sinograms', GPUBufferUsage.COPY_DST);
 * ```
 */
export function storageBuffer(device: GPUDevice, bytes: number, label: string, usage = 0): GPUBuffer {
  return device.createBuffer({ size: Math.max(4, Math.ceil(bytes / 4) * 4), usage: GPUBufferUsage.STORAGE | usage, label });
}

/**
 * Writes `data` at the start of `buffer`, through an unshared copy of at most 8 MiB at a time
 * when `data` lives on a SharedArrayBuffer.
 *
 * @example
 * ```ts
 * writeFloats(device, sino, batch);
 * ```
 */
export function writeFloats(device: GPUDevice, buffer: GPUBuffer, data: Float32Array): void {
  if (data.length === 0) return;
  const shared = typeof SharedArrayBuffer === 'function' && data.buffer instanceof SharedArrayBuffer;
  if (!shared) {
    device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return;
  }
  const chunk = Math.min(data.length, UPLOAD_CHUNK / 4);
  const scratch = new Float32Array(chunk);
  for (let start = 0; start < data.length; start += chunk) {
    const part = data.subarray(start, start + chunk);
    scratch.set(part);
    device.queue.writeBuffer(buffer, 4 * start, scratch.buffer, 0, part.byteLength);
  }
}

/**
 * Waits for `readback` (a MAP_READ buffer the submitted work copied into) and copies its first
 * `target.length` floats into `target`.
 *
 * @example
 * ```ts
 * await readFloats(readback, out.subarray(0, n));
 * ```
 */
export async function readFloats(readback: GPUBuffer, target: Float32Array): Promise<void> {
  const bytes = 4 * target.length;
  if (bytes === 0) return;
  try {
    await readback.mapAsync(GPUMapMode.READ, 0, bytes);
  } catch (err) {
    throw new BackendError('reading the reconstruction back from the GPU failed', { cause: err });
  }
  target.set(new Float32Array(readback.getMappedRange(0, bytes)));
  readback.unmap();
}
