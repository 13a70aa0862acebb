import { registerKernel } from '../kernel-registry.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { clip } from './kernels/clip.js';
import { copy } from './kernels/copy.js';
import { csrSpmv } from './kernels/csr-spmv.js';
import { cumsum } from './kernels/cumsum.js';
import { fft } from './kernels/fft.js';
import { reduce } from './kernels/reduce.js';
import { unary } from './kernels/unary.js';
import { where } from './kernels/where.js';

/** Registers every WebGPU kernel under the backend name `'webgpu'`. */
export function registerWebGpuKernels(): void {
  registerKernel('copy', 'webgpu', copy);
  registerKernel('binary', 'webgpu', binary);
  registerKernel('unary', 'webgpu', unary);
  registerKernel('clip', 'webgpu', clip);
  registerKernel('where', 'webgpu', where);
  registerKernel('reduce', 'webgpu', reduce);
  registerKernel('cast', 'webgpu', cast);
  registerKernel('csrSpmv', 'webgpu', csrSpmv);
  registerKernel('fft', 'webgpu', fft);
  registerKernel('cumsum', 'webgpu', cumsum);
}
