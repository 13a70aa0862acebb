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

/**
 * Registers every CPU kernel under the backend name `'cpu'`.
 *
 * @example
 * ```ts
 * registerCpuKernels(); // called once by ensureBuiltins
 * ```
 */
export function registerCpuKernels(): void {
  registerKernel('copy', 'cpu', copy);
  registerKernel('binary', 'cpu', binary);
  registerKernel('unary', 'cpu', unary);
  registerKernel('clip', 'cpu', clip);
  registerKernel('where', 'cpu', where);
  registerKernel('reduce', 'cpu', reduce);
  registerKernel('cast', 'cpu', cast);
  registerKernel('csrSpmv', 'cpu', csrSpmv);
  registerKernel('fft', 'cpu', fft);
  registerKernel('cumsum', 'cpu', cumsum);
}
