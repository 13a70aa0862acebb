/**
 * WGSL of the WebGPU engine: pyFAI's preprocessing fused with the CSR gather, one workgroup per
 * bin, the five accumulators summed in compensated float32.
 * @module
 */
import type { ErrorModel } from '../engine.js';
import type { RawFormat } from './raw-format.js';

/** What one compiled variant of the gather handles. */
export interface GatherVariant {
  /** How the raw frame's words are read (see {@link RawFormat}). */
  readonly raw: RawFormat;
  /** Whether a dark current is subtracted. */
  readonly dark: boolean;
  /** The error model (`variance` reads a per-pixel variance array). */
  readonly errorModel: ErrorModel;
  /** Whether raw values near `dummy` are invalid. */
  readonly dummy: boolean;
  /** Invocations per workgroup (a power of two). */
  readonly workgroupSize: number;
}

/** The five accumulators in the order of the output buffer (`out[channel * rows + bin]`). */
export const CHANNELS = ['signal', 'variance', 'normalization', 'normalization2', 'count'] as const;

/** Bytes of the `params` uniform (five 32-bit fields, rounded up to 16 bytes). */
export const PARAM_BYTES = 32;

/** Values of the `params` uniform (`one` is always 1). */
export interface GatherParams {
  /** Number of bins (rows of the matrix). */
  readonly rows: number;
  /** Index of the frame's first element in the `raw` words (non-zero for views of GPU arrays). */
  readonly rawOffset: number;
  /** Raw value of invalid pixels (ignored unless the variant checks it). */
  readonly dummy: number;
  /** Tolerance around `dummy`. */
  readonly deltaDummy: number;
}

/**
 * The bytes of the `params` uniform, laid out as the WGSL struct `Params` declares it.
 *
 * @example
 * ```ts
 * device.queue.writeBuffer(uniform, 0, packParams({ rows: 1000, rawOffset: 0, dummy: -2, deltaDummy: 1.5 }));
 * ```
 */
export function packParams(p: GatherParams): ArrayBuffer {
  const bytes = new ArrayBuffer(PARAM_BYTES);
  const f32 = new Float32Array(bytes);
  const u32 = new Uint32Array(bytes);
  f32[0] = 1;
  u32[1] = p.rows;
  u32[2] = p.rawOffset;
  f32[3] = p.dummy;
  f32[4] = p.deltaDummy;
  return bytes;
}

/**
 * The storage buffers a variant binds, by name, in binding order after the uniform (binding 0).
 *
 * @example
 * ```ts
 * gatherBindings({ raw: 'f32', dark: true, errorModel: 'poisson', dummy: false, workgroupSize: 64 });
 * // ['indptr', 'indices', 'weights', 'raw', 'norm', 'dark', 'out']
 * ```
 */
export function gatherBindings(v: GatherVariant): string[] {
  const names = ['indptr', 'indices', 'weights', 'raw', 'norm'];
  if (v.dark) names.push('dark');
  if (v.errorModel === 'variance') names.push('variance');
  names.push('out');
  return names;
}

/**
 * Reading raw element `p` as f32. 32-bit words are read at `params.raw_off + p`; 16- and 8-bit
 * values packed two or four to a word (little-endian, as typed arrays and GPU buffers store
 * them) are unpacked, the signed ones sign-extended by an arithmetic shift.
 */
function rawReader(format: RawFormat): string {
  switch (format) {
    case 'f32':
      return 'return bitcast<f32>(raw[params.raw_off + p]);';
    case 'i32':
      return 'return f32(bitcast<i32>(raw[params.raw_off + p]));';
    case 'u32':
      return 'return f32(raw[params.raw_off + p]);';
    case 'u16':
      return 'return f32((raw[p >> 1u] >> ((p & 1u) * 16u)) & 0xffffu);';
    case 'i16':
      return 'return f32(bitcast<i32>(raw[p >> 1u] << (16u - (p & 1u) * 16u)) >> 16u);';
    case 'u8':
      return 'return f32((raw[p >> 2u] >> ((p & 3u) * 8u)) & 0xffu);';
    case 'i8':
      return 'return f32(bitcast<i32>(raw[p >> 2u] << (24u - (p & 3u) * 8u)) >> 24u);';
  }
}

function varianceOf(errorModel: ErrorModel): string {
  switch (errorModel) {
    case 'poisson':
      return 'max(x, 1.0)';
    case 'variance':
      return 'variance[p]';
    default:
      return '0.0'; // none; azimuthal computes its own in the second pass
  }
}

/**
 * The WGSL of one variant. Bindings: `params` (uniform), `indptr`, `indices`, `weights` (the CSR
 * matrix), `raw` (the frame as 32-bit words), `norm` (0 where statically invalid), `dark` and
 * `variance` when the variant uses them, and `out` (`vec2f` hi/lo pairs, `[5][rows]`).
 *
 * Sums are Knuth two-sums in float32 whose every intermediate is multiplied by `params.one`
 * (1.0 at run time): shader compilers, Mesa's among them, reassociate float additions and would
 * otherwise simplify the rounding error `(a - (s - b')) + (b - b')` to 0. The pair (sum,
 * compensation) is written out unrounded and added in float64 on the CPU.
 *
 * @example
 * ```ts
 * const code = gatherShader({ raw: 'u16', dark: false, errorModel: 'poisson', dummy: true, workgroupSize: 256 });
 * ```
 */
export function gatherShader(v: GatherVariant): string {
  const wg = v.workgroupSize;
  const azimuthal = v.errorModel === 'azimuthal';
  const types: Record<string, string> = { indptr: 'u32', indices: 'u32', weights: 'f32', raw: 'u32', norm: 'f32', dark: 'f32', variance: 'f32' };
  const declarations = gatherBindings(v)
    .map((name, i) =>
      name === 'out'
        ? `@group(0) @binding(${i + 1}) var<storage, read_write> out: array<vec2f>;`
        : `@group(0) @binding(${i + 1}) var<storage, read> ${name}: array<${types[name]}>;`,
    )
    .join('\n');
  const merge = (names: readonly string[]) =>
    names.map((t) => `${t}[lid] = merge(${t}[lid], ${t}[lid + s]);`).join(' ');
  const tree = (names: readonly string[]) => `
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { ${merge(names)} }
    workgroupBarrier();
  }`;
  const firstPass = azimuthal ? ['t_sig', 't_nrm', 't_nrm2', 't_cnt'] : ['t_sig', 't_var', 't_nrm', 't_nrm2', 't_cnt'];
  return /* wgsl */ `
struct Params { one: f32, rows: u32, raw_off: u32, dummy: f32, delta_dummy: f32 }
@group(0) @binding(0) var<uniform> params: Params;
${declarations}

var<workgroup> t_sig: array<vec2f, ${wg}>;
var<workgroup> t_var: array<vec2f, ${wg}>;
var<workgroup> t_nrm: array<vec2f, ${wg}>;
var<workgroup> t_nrm2: array<vec2f, ${wg}>;
var<workgroup> t_cnt: array<vec2f, ${wg}>;
var<workgroup> bin_mean: f32;

fn keep(x: f32) -> f32 { return x * params.one; }
fn add(acc: vec2f, x: f32) -> vec2f {
  let s = keep(acc.x + x);
  let bv = keep(s - acc.x);
  let av = keep(s - bv);
  let err = keep(keep(acc.x - av) + keep(x - bv));
  return vec2f(s, keep(acc.y + err));
}
fn merge(a: vec2f, b: vec2f) -> vec2f { return add(vec2f(a.x, keep(a.y + b.y)), b.x); }
fn not_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u; }

fn raw_at(p: u32) -> f32 { ${rawReader(v.raw)} }

struct Pixel { ok: bool, s: f32, v: f32, n: f32 }
fn pixel(p: u32) -> Pixel {
  let x = raw_at(p);
  let n = norm[p];
  let s = ${v.dark ? 'x - dark[p]' : 'x'};
  let v = ${varianceOf(v.errorModel)};
  var ok = n != 0.0 && !not_finite(n) && !not_finite(x) && !not_finite(s) && !not_finite(v);
  ${v.dummy ? 'ok = ok && abs(x - params.dummy) > params.delta_dummy;' : ''}
  return Pixel(ok, s, v, n);
}

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let start = indptr[row];
  let end = indptr[row + 1u];
  var a_sig = vec2f(0.0);
  var a_var = vec2f(0.0);
  var a_nrm = vec2f(0.0);
  var a_nrm2 = vec2f(0.0);
  var a_cnt = vec2f(0.0);
  for (var j = start + lid; j < end; j = j + ${wg}u) {
    let c = weights[j];
    let px = pixel(indices[j]);
    if (px.ok && c != 0.0 && !not_finite(c)) {
      let cn = c * px.n;
      a_sig = add(a_sig, c * px.s);
      ${azimuthal ? '' : 'a_var = add(a_var, c * c * px.v);'}
      a_nrm = add(a_nrm, cn);
      a_nrm2 = add(a_nrm2, cn * cn);
      a_cnt = add(a_cnt, c);
    }
  }
  t_sig[lid] = a_sig;
  t_var[lid] = a_var;
  t_nrm[lid] = a_nrm;
  t_nrm2[lid] = a_nrm2;
  t_cnt[lid] = a_cnt;${tree(firstPass)}${
    azimuthal
      ? `
  // second pass: squared deviations of the corrected values s/n from the bin's mean, weighted by c.n
  if (lid == 0u) { bin_mean = (t_sig[0].x + t_sig[0].y) / (t_nrm[0].x + t_nrm[0].y); }
  workgroupBarrier();
  let mean = bin_mean;
  a_var = vec2f(0.0);
  for (var j = start + lid; j < end; j = j + ${wg}u) {
    let c = weights[j];
    let px = pixel(indices[j]);
    if (px.ok && c != 0.0 && !not_finite(c)) {
      let d = px.s / px.n - mean;
      a_var = add(a_var, c * px.n * d * d);
    }
  }
  t_var[lid] = a_var;${tree(['t_var'])}`
      : ''
  }
  if (lid == 0u) {
    let rows = params.rows;
    out[row] = t_sig[0];
    out[rows + row] = t_var[0];
    out[2u * rows + row] = t_nrm[0];
    out[3u * rows + row] = t_nrm2[0];
    out[4u * rows + row] = t_cnt[0];
  }
}
`;
}
