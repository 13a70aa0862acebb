import type { DType } from '../../dtype.js';
import type { KernelFunc } from '../../kernel-names.js';
import { gpuOf, runElementwise } from '../elementwise.js';
import { convert, integerRange, wgslScalar, wrap } from '../gpu-dtype.js';

/**
 * float32 to integer: NaN gives 0, truncation toward zero, saturation at the range. Bounds are
 * compared in float32 before converting (WGSL's own conversion clamps to the nearest float32
 * below 2^31, not to 2^31 - 1).
 */
function fromFloat(dtype: DType): string {
  const [lowest, highest] = integerRange(dtype);
  const s = wgslScalar(dtype);
  const t = 'trunc(v0)';
  const low = `${lowest}.0`;
  const above = `${highest + 1}.0`; // exactly representable: a power of two
  const max = s === 'i32' ? `${highest}i` : `${highest}u`;
  const min = s === 'i32' ? (lowest === -2147483648 ? 'i32(-2147483647 - 1)' : `${lowest}i`) : '0u';
  return `select(select(select(${s}(${t}), ${min}, ${t} <= ${low}), ${max}, ${t} >= ${above}), ${s}(0), is_nan(v0))`;
}

function expression(from: DType, to: DType): string {
  const source = wgslScalar(from);
  const target = wgslScalar(to, 'cast');
  if (to === 'bool') return source === 'f32' ? 'select(0u, 1u, is_nan(v0) || v0 != 0.0)' : 'select(0u, 1u, v0 != 0)';
  if (source === 'f32' && target !== 'f32') return fromFloat(to);
  return wrap(convert('v0', from, target), to);
}

/**
 * WebGPU `cast`: floats to integers truncate toward zero, saturate and send NaN to 0; between
 * integer dtypes values wrap as typed arrays store them; anything non-zero (NaN too) is `true`.
 */
export const cast: KernelFunc<'cast'> = async ({ x }, { dtype }) =>
  runElementwise(gpuOf(x), { key: `cast`, inputs: [x], outShape: x.shape, outDtype: dtype, expr: expression(x.dtype, dtype) });
