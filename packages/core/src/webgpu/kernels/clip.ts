import { typedArrayConstructor, type DType } from '../../dtype.js';
import type { KernelFunc } from '../../kernel-names.js';
import { gpuOf, runElementwise } from '../elementwise.js';
import { integerRange, wgslScalar } from '../gpu-dtype.js';

/** `value` as a typed array of `dtype` stores it (truncated, wrapped). */
function stored(dtype: DType, value: number): number {
  const one = new (typedArrayConstructor(dtype))(1);
  one[0] = value;
  return one[0];
}

/**
 * Integer bounds as thresholds the shader can compare exactly: x < min holds for integers
 * exactly when x < ceil(min), and x > max when x > floor(max). Bounds outside the dtype's range
 * become "never", or a mode that sends every element to one bound.
 */
function integerBounds(dtype: DType, min: number, max: number): Record<string, number> {
  const [lowest, highest] = integerRange(dtype);
  const low = Math.ceil(min);
  const high = Math.floor(max);
  const mode = low > highest ? 1 : high < lowest ? 2 : 0;
  return {
    lo_t: Math.min(Math.max(low, lowest), highest),
    hi_t: Math.max(Math.min(high, highest), lowest),
    lo_v: stored(dtype, min),
    hi_v: stored(dtype, max),
    mode,
  };
}

/**
 * WebGPU `clip`: float32 keeps NaN and clamps to the float32 roundings of the bounds; integer
 * dtypes compare exactly and store a bound as their typed array would (`clip(int8, 0.5, 3)` of
 * 0 gives 0, the stored 0.5).
 */
export const clip: KernelFunc<'clip'> = async ({ x }, { min, max }) => {
  const s = wgslScalar(x.dtype, 'clip');
  const common = { key: 'clip', inputs: [x], outShape: x.shape, outDtype: x.dtype };
  if (s === 'f32') {
    return runElementwise(gpuOf(x), {
      ...common,
      expr: 'select(min(max(v0, params.lo), params.hi), v0, is_nan(v0))',
      fields: { declarations: ['lo: f32', 'hi: f32'], values: { lo: min, hi: max } },
    });
  }
  return runElementwise(gpuOf(x), {
    ...common,
    expr:
      'select(select(select(select(v0, params.hi_v, v0 > params.hi_t), params.lo_v, v0 < params.lo_t), ' +
      'params.lo_v, params.mode == 1u), params.hi_v, params.mode == 2u)',
    fields: {
      declarations: [`lo_t: ${s}`, `hi_t: ${s}`, `lo_v: ${s}`, `hi_v: ${s}`, 'mode: u32'],
      values: integerBounds(x.dtype, min, max),
    },
  });
};
