/**
 * The WebGPU backend of `@pandaas/core`, imported lazily by the backend registry when
 * `'webgpu'` is first asked for.
 * @module
 */
import { acquireDevice, type DeviceOptions } from './device.js';
import { loadLayoutTools } from './layout.js';
import { registerWebGpuKernels } from './register.js';
import { WebGpuBackend, type WebGpuBackendOptions } from './webgpu-backend.js';

export { WebGpuBackend } from './webgpu-backend.js';
export type { GpuStorage, WebGpuBackendOptions } from './webgpu-backend.js';
export type { DeviceOptions, WebGpuInfo } from './device.js';

/** Options of {@link createWebGpuBackend}. */
export interface CreateWebGpuOptions extends DeviceOptions, WebGpuBackendOptions {}

/**
 * Opens a WebGPU device and returns the backend over it, with its kernels registered. Throws a
 * {@link BackendError} listing why when no adapter answers.
 *
 * @example
 * ```ts
 * import { registerBackend } from '@pandaas/core';
 * registerBackend('webgpu', () => createWebGpuBackend({ validate: true }));
 * ```
 */
export async function createWebGpuBackend(options: CreateWebGpuOptions = {}): Promise<WebGpuBackend> {
  const [acquired, tools] = await Promise.all([acquireDevice(options), loadLayoutTools()]);
  registerWebGpuKernels();
  return new WebGpuBackend(acquired, tools, options);
}
