/**
 * WGSL shared by the kernels: NaN tests that shader compilers cannot optimise away,
 * compensated float32 sums, accurate logarithms and the workgroup-index folding of large grids.
 * @module
 */

/**
 * NaN and infinity tests on the bit pattern (`x != x` may be folded away by compilers that
 * assume finite math), NaN and infinity (from private variables: WGSL refuses them as
 * constants), and the folded index of a workgroup in a 2-D grid.
 */
export const WGSL_COMMON = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn not_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u; }
fn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }
fn workgroup_index(wid: vec3u, nwg: vec3u) -> u32 { return wid.x + wid.y * nwg.x; }
`;

/**
 * Neumaier-compensated float32 sums as `vec2f(sum, compensation)` pairs. Shader compilers
 * (Mesa's NIR through Dawn's OpenGL ES backend among them) reassociate float additions unless
 * told not to, which turns `(s - t) + x` into 0 and silently removes the compensation. Every
 * intermediate therefore passes through `exact()`, a multiplication by `params.one`, a uniform
 * that holds 1.0 at run time: the product is exact, but the compiler cannot see through it.
 * Needs a `params` uniform with a field `one: f32` set to 1.
 */
export const WGSL_COMPENSATED = /* wgsl */ `
fn exact(x: f32) -> f32 { return x * params.one; }
fn two_sum_err(a: f32, b: f32, t: f32) -> f32 {
  return select(exact(exact(b - t) + a), exact(exact(a - t) + b), abs(a) >= abs(b));
}
fn kadd(p: vec2f, x: f32) -> vec2f {
  let t = exact(p.x + x);
  return vec2f(t, exact(p.y + two_sum_err(p.x, x, t)));
}
fn kmerge(p: vec2f, q: vec2f) -> vec2f {
  let t = exact(p.x + q.x);
  return vec2f(t, exact(exact(p.y + q.y) + two_sum_err(p.x, q.x, t)));
}
fn kvalue(p: vec2f) -> f32 { return select(p.x + p.y, p.x, not_finite(p.x)); }
`;

/**
 * Logarithms accurate to a few ulp on every device (GPU `log` builtins may have an absolute
 * rather than relative error near 1): `x = m 2^e` with m in [sqrt(1/2), sqrt(2)), then the
 * atanh series of `log(m)`; `log1p` corrects the rounding of `1 + x` (Goldberg's method).
 * Needs {@link WGSL_COMMON} and {@link WGSL_COMPENSATED}.
 */
export const WGSL_LOG = /* wgsl */ `
fn log_pos(x: f32) -> f32 {
  let f = frexp(x);
  var m = f.fract;
  var e = f32(f.exp);
  if (m < 0.70710678) { m = m * 2.0; e = e - 1.0; }
  let s = exact(m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let poly = s2 * (0.6666667 + s2 * (0.4 + s2 * (0.2857143 + s2 * (0.2222222 + s2 * 0.1818182))));
  return e * 0.693145752 + (e * 1.4286068e-6 + (2.0 * s + s * poly));
}
fn log_f32(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  return log_pos(x);
}
fn log1p_f32(x: f32) -> f32 {
  if (is_nan(x) || x < -1.0) { return nan_f32(); }
  if (x == -1.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  let u = exact(1.0 + x);
  if (u == 1.0) { return x; }
  return log_pos(u) * (x / exact(u - 1.0));
}
`;
