import type { KernelFunc } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { bufferOf, gpuOf, runElementwise } from '../elementwise.js';

/**
 * WebGPU `copy`: a contiguous view is copied on the queue (`copyBufferToBuffer`); any other view
 * (strided, reversed, broadcast, any rank) goes through the element-wise shader.
 */
export const copy: KernelFunc<'copy'> = async ({ x }) => {
  const backend = gpuOf(x);
  if (!x.isContiguous) return runElementwise(backend, { key: 'copy', inputs: [x], outShape: x.shape, outDtype: x.dtype, expr: 'v0' });
  const storage = backend.createStorage(x.dtype, x.size);
  if (x.size > 0) backend.copyBuffer(bufferOf(x), x.offset * 4, storage.buffer, 0, x.size * 4);
  return new NdArray(storage, x.shape);
};
