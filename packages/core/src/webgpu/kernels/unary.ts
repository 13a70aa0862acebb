import type { DType } from '../../dtype.js';
import type { KernelFunc, UnaryOp } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { gpuOf, runElementwise } from '../elementwise.js';
import { convert, wgslScalar, wrap } from '../gpu-dtype.js';
import { WGSL_COMPENSATED, WGSL_LOG } from '../wgsl.js';

/**
 * Float functions with JavaScript's special cases (`Math.sign(-0)` is -0, `Math.sqrt(-1)` NaN);
 * `exp` reduces its argument first, as GPU `exp` builtins lose accuracy for large |x|.
 */
const FLOAT = /* wgsl */ `
fn sign_js(x: f32) -> f32 { if (is_nan(x) || x == 0.0) { return x; } return select(-1.0, 1.0, x > 0.0); }
fn sqrt_js(x: f32) -> f32 { if (is_nan(x) || x < 0.0) { return nan_f32(); } return sqrt(x); }
fn exp_js(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.73) { return inf_f32(); }
  if (x < -104.0) { return 0.0; }
  // Cody-Waite: x = k ln2 + r with |r| <= ln2 / 2, so exp2 sees a small argument
  let k = round(x * 1.44269504);
  let r = exact(exact(x - k * 0.693145752) - k * 1.4286068e-6);
  return ldexp(exp2(r * 1.44269504), i32(k));
}
`;

function expression(op: UnaryOp, dtype: DType, out: DType): string {
  if (op === 'isnan') return 'select(0u, 1u, is_nan(v0))';
  const s = wgslScalar(out, `unary ${op}`);
  const x = convert('v0', dtype, s);
  switch (op) {
    case 'abs':
      return s === 'u32' ? x : wrap(`abs(${x})`, out);
    case 'neg':
      return s === 'u32' ? wrap(`0u - ${x}`, out) : wrap(`-${x}`, out);
    case 'sign':
      return s === 'f32' ? `sign_js(${x})` : s === 'i32' ? `sign(${x})` : `select(0u, 1u, ${x} > 0u)`;
    case 'square':
      return wrap(`${x} * ${x}`, out);
    case 'sqrt':
      return `sqrt_js(${x})`;
    case 'exp':
      return `exp_js(${x})`;
    case 'log':
      return `log_f32(${x})`;
    case 'log1p':
      return `log1p_f32(${x})`;
    case 'floor':
    case 'ceil':
      return s === 'f32' ? `${op}(${x})` : x;
  }
}

/**
 * WebGPU `unary`: integer results wrap to the output's width (`abs(-128)` is -128 as int8, as
 * typed arrays store it); `log` and `log1p` use an accurate float32 logarithm; `isnan` of an
 * integer array is all false without a dispatch.
 */
export const unary: KernelFunc<'unary'> = async ({ x }, { op, outDtype }) => {
  const backend = gpuOf(x);
  if (op === 'isnan' && wgslScalar(x.dtype) !== 'f32') return new NdArray(backend.allocate(outDtype, x.size), x.shape);
  return runElementwise(backend, {
    key: `unary:${op}`,
    inputs: [x],
    outShape: x.shape,
    outDtype,
    expr: expression(op, x.dtype, outDtype),
    helpers: WGSL_COMPENSATED + WGSL_LOG + FLOAT,
  });
};
