import { initBackend } from './backend-registry.js';
import { BackendError, show } from './errors.js';
import type { WebGpuBackend } from './webgpu/webgpu-backend.js';

/**
 * The WebGPU backend, typed, for packages that run their own WGSL on the device pandaas'
 * arrays live on: its `device`, the `program()` pipeline cache, the limits and the buffer pools.
 * Initialises it on first call, as `initBackend('webgpu')` does (same instance), and throws the
 * same {@link BackendError} when no adapter answers, or when something other than pandaas'
 * WebGPU backend was registered under that name.
 *
 * Keep the returned backend referenced for as long as its device is used, not the device
 * alone: the backend holds the Dawn `GPU` instance and adapter, whose garbage collection would
 * abort the process at the next queue operation (see {@link WebGpuBackend}).
 *
 * @example
 * ```ts
 * import { initWebGpuBackend } from '@pandaas/core';
 * const gpu = await initWebGpuBackend();
 * const program = await gpu.program('my-kernel', () => wgslSource);
 * const bindGroup = gpu.device.createBindGroup({ layout: program.layout, entries });
 * ```
 */
export async function initWebGpuBackend(): Promise<WebGpuBackend> {
  const backend = await initBackend('webgpu');
  // loaded already by the factory that made the backend: this import costs nothing more
  const { WebGpuBackend: Class } = await import('./webgpu/webgpu-backend.js');
  if (!(backend instanceof Class)) {
    throw new BackendError(`the backend registered as 'webgpu' is not pandaas' WebGpuBackend (it describes itself as ${show(backend.describe())})`);
  }
  return backend;
}
