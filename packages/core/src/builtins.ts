import { registerBackend, registerBackendInstance } from './backend-registry.js';
import { CpuBackend } from './cpu/cpu-backend.js';
import { registerCpuKernels } from './cpu/register.js';

let registered = false;

/**
 * Registers the built-in backends on first use: the CPU backend (initialised, with its kernels)
 * and a WebGPU factory that imports the GPU code only when asked for. Done lazily, not at import,
 * so the package has no side effects.
 */
export function ensureBuiltins(): void {
  if (registered) return;
  registered = true;
  registerBackendInstance(new CpuBackend());
  registerCpuKernels();
  registerBackend('webgpu', async () => (await import('./webgpu/index.js')).createWebGpuBackend());
}
