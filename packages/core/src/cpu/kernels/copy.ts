import { getBackend } from '../../backend-registry.js';
import type { TypedArray } from '../../dtype.js';
import type { KernelFunc } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { copyStrided } from './copy-impl.js';

/** CPU `copy`: a contiguous row-major copy of any view. */
export const copy: KernelFunc<'copy'> = async ({ x }) => {
  const storage = getBackend('cpu').allocate(x.dtype, x.size);
  copyStrided(x.shape, x.storage.buffer as TypedArray, x.strides, x.offset, storage.buffer as TypedArray);
  return new NdArray(storage, x.shape);
};
