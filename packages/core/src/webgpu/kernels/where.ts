import type { KernelFunc } from '../../kernel-names.js';
import { gpuOf, runElementwise } from '../elementwise.js';
import { convert, wgslScalar, wrap } from '../gpu-dtype.js';

/** WebGPU `where`: `cond` non-zero picks `a`; both sides are converted to `outDtype` first. */
export const where: KernelFunc<'where'> = async ({ cond, a, b }, { outShape, outDtype }) => {
  const s = wgslScalar(outDtype, 'where');
  const pick = (v: string, dtype: typeof outDtype) => wrap(convert(v, dtype, s), outDtype);
  return runElementwise(gpuOf(cond), {
    key: 'where',
    inputs: [cond, a, b],
    outShape,
    outDtype,
    expr: `select(${pick('v2', b.dtype)}, ${pick('v1', a.dtype)}, v0 != 0)`,
  });
};
