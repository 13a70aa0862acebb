import type { DType } from '../../dtype.js';
import type { BinaryOp, KernelFunc } from '../../kernel-names.js';
import { gpuOf, runElementwise } from '../elementwise.js';
import { convert, wgslScalar, wrap } from '../gpu-dtype.js';

/**
 * Three-way comparisons: -1, 0, 1, or -2 when unordered (a NaN). `cmp_mixed` compares an i32
 * with a u32 by value (a negative i32 is smaller than every u32).
 */
const COMPARE = /* wgsl */ `
fn cmp_f32(a: f32, b: f32) -> i32 {
  if (is_nan(a) || is_nan(b)) { return -2; }
  return select(select(0, 1, a > b), -1, a < b);
}
fn cmp_i32(a: i32, b: i32) -> i32 { return select(select(0, 1, a > b), -1, a < b); }
fn cmp_u32(a: u32, b: u32) -> i32 { return select(select(0, 1, a > b), -1, a < b); }
fn cmp_mixed(a: i32, b: u32) -> i32 { return select(cmp_u32(bitcast<u32>(a), b), -1, a < 0); }
`;

/**
 * JavaScript's `Math.pow` (`**`) in float32: its special cases, integer exponents up to 64 by
 * repeated squaring (a few ulp, where the builtin's exp2(y log2 x) loses accuracy with
 * |y log2 x|), then the builtin. `odd` says
 * whether the exponent is an odd integer, taken from the integer itself when the exponent is an
 * integer dtype (float32 rounds odd integers past 2^24 to even ones).
 */
const POW = /* wgsl */ `
fn pow_int(x: f32, n: i32) -> f32 {
  var base = x;
  var e = abs(n);
  var r = 1.0;
  loop {
    if ((e & 1) == 1) { r = r * base; }
    e = e >> 1u;
    if (e == 0) { break; }
    base = base * base;
  }
  return select(r, 1.0 / r, n < 0);
}
fn is_odd_integer(y: f32) -> bool { return abs(y) < 16777216.0 && fract(y) == 0.0 && (i32(y) & 1) == 1; }
fn pow_js(x: f32, y: f32, odd: bool) -> f32 {
  let inf = inf_f32();
  if (y == 0.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan_f32(); }
  if (y == 1.0) { return x; }
  if (y == 2.0) { return x * x; }
  let ax = abs(x);
  if (is_inf(y)) {
    if (ax == 1.0) { return nan_f32(); }
    return select(0.0, inf, (ax > 1.0) == (y > 0.0));
  }
  let negative = (bitcast<u32>(x) & 0x80000000u) != 0u;
  if (x == 0.0 || is_inf(x)) {
    let big = (x == 0.0) == (y < 0.0);
    let magnitude = select(0.0, inf, big);
    return select(magnitude, -magnitude, negative && odd);
  }
  if (fract(y) == 0.0 && abs(y) <= 64.0) { return pow_int(x, i32(y)); }
  if (negative) {
    if (fract(y) != 0.0) { return nan_f32(); }
    let r = pow(ax, y);
    return select(r, -r, odd);
  }
  return pow(x, y);
}
`;

/** NaN-propagating maximum and minimum (the first NaN wins, as Math.max does). */
const MINMAX = /* wgsl */ `
fn max_nan(a: f32, b: f32) -> f32 { if (is_nan(a)) { return a; } if (is_nan(b)) { return b; } return select(b, a, a >= b); }
fn min_nan(a: f32, b: f32) -> f32 { if (is_nan(a)) { return a; } if (is_nan(b)) { return b; } return select(b, a, a <= b); }
`;

/** Each comparison as a test of the three-way result `c`. */
const TEST: Partial<Record<BinaryOp, (c: string) => string>> = {
  equal: (c) => `${c} == 0`,
  notEqual: (c) => `${c} != 0`,
  less: (c) => `${c} == -1`,
  lessEqual: (c) => `${c} == -1 || ${c} == 0`,
  greater: (c) => `${c} == 1`,
  greaterEqual: (c) => `${c} == 1 || ${c} == 0`,
};

/** The comparison of `v0` (dtype a) with `v1` (dtype b), by value, as a WGSL i32 expression. */
function compareExpr(a: DType, b: DType): string {
  const sa = wgslScalar(a);
  const sb = wgslScalar(b);
  if (sa === 'f32' || sb === 'f32') return `cmp_f32(${convert('v0', a, 'f32')}, ${convert('v1', b, 'f32')})`;
  if (sa === sb) return `cmp_${sa}(v0, v1)`;
  // i32 against u32: exact unless the unsigned side is uint32 (values past 2^31)
  if (a === 'uint32') return `-cmp_mixed(v1, v0)`;
  if (b === 'uint32') return `cmp_mixed(v0, v1)`;
  return `cmp_i32(${convert('v0', a, 'i32')}, ${convert('v1', b, 'i32')})`;
}

/** Operations whose float32 expression (`v0 op v1`) holds for `vec4<f32>` operands too. */
const VECTOR_OPS = new Set<BinaryOp>(['add', 'sub', 'mul', 'div']);

function expression(op: BinaryOp, a: DType, b: DType, out: DType): string {
  const test = TEST[op];
  if (test !== undefined) return `select(0u, 1u, ${test(`(${compareExpr(a, b)})`)})`;
  const s = wgslScalar(out, `binary ${op}`);
  const x = convert('v0', a, s);
  const y = convert('v1', b, s);
  switch (op) {
    case 'add':
      return wrap(`${x} + ${y}`, out);
    case 'sub':
      return wrap(`${x} - ${y}`, out);
    case 'mul':
      return wrap(`${x} * ${y}`, out);
    case 'div':
      return `${x} / ${y}`;
    case 'pow':
      return `pow_js(${x}, ${y}, ${wgslScalar(b) === 'f32' ? `is_odd_integer(${y})` : '(v1 & 1) != 0'})`;
    case 'maximum':
    case 'minimum': {
      if (s === 'f32') return `${op === 'maximum' ? 'max' : 'min'}_nan(${x}, ${y})`;
      // integers: choose by value in the inputs' own types, then wrap into the output's
      const keepFirst = op === 'maximum' ? '>= 0' : '<= 0';
      return wrap(`select(${y}, ${x}, (${compareExpr(a, b)}) ${keepFirst})`, out);
    }
  }
  throw new Error(`internal: unknown binary op ${op}`);
}

/**
 * WebGPU `binary`: integer results wrap (i32/u32 arithmetic, then narrowed to the output's
 * width); comparisons and integer maximum/minimum compare by value across signedness; float
 * comparisons with NaN are false (`notEqual` true); `pow` follows `Math.pow`'s special cases.
 */
export const binary: KernelFunc<'binary'> = async ({ a, b }, { op, outShape, outDtype }) =>
  runElementwise(gpuOf(a), {
    key: `binary:${op}`,
    inputs: [a, b],
    outShape,
    outDtype,
    expr: expression(op, a.dtype, b.dtype, outDtype),
    helpers: COMPARE + POW + MINMAX,
    vectorizable: VECTOR_OPS.has(op),
  });
