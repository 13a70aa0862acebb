import { registerKernel } from '../kernel-registry.js';
import { copy } from './kernels/copy.js';

/** Registers every CPU kernel under the backend name `'cpu'`. */
export function registerCpuKernels(): void {
  registerKernel('copy', 'cpu', copy);
}
