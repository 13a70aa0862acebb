import { BackendError } from '../../errors.js';
import type { KernelFunc } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { radices } from '../../ops/fft.js';
import { bufferOf, gpuOf } from '../elementwise.js';
import type { Dispatch } from '../program.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { WGSL_COMMON } from '../wgsl.js';
import { copy } from './copy.js';

/** `e^{2 pi i k / n}` for k < n, computed in float64 and rounded once to float32 (interleaved re, im). */
function twiddles(n: number): Float32Array {
  const table = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n;
    table[2 * k] = Math.cos(angle);
    table[2 * k + 1] = Math.sin(angle);
  }
  return table;
}

const literal = (v: number) => (Math.abs(v) < 1e-15 ? '0.0' : v.toPrecision(10).replace(/^(-?\d+)$/, '$1.0'));

/** WGSL computing `y0 .. y{R-1}`, the length-R DFT of `v0 .. v{R-1}` with exponent sign `sign`. */
function smallDft(radix: number, sign: number): string {
  if (radix === 2) return 'let y0 = v0 + v1; let y1 = v0 - v1;';
  if (radix === 4) {
    const rot = sign < 0 ? 'vec2f(q3.y, -q3.x)' : 'vec2f(-q3.y, q3.x)'; // times -i or +i
    return `let q0 = v0 + v2; let q1 = v0 - v2; let q2 = v1 + v3; let q3 = v1 - v3; let q4 = ${rot};
    let y0 = q0 + q2; let y2 = q0 - q2; let y1 = q1 + q4; let y3 = q1 - q4;`;
  }
  // symmetric form: pairs r, R - r share cos and have opposite sin
  const half = (radix - 1) / 2;
  const lines: string[] = [];
  for (let r = 1; r <= half; r++) lines.push(`let sp${r} = v${r} + v${radix - r}; let sm${r} = v${r} - v${radix - r};`);
  lines.push(`let y0 = v0${Array.from({ length: half }, (_, r) => ` + sp${r + 1}`).join('')};`);
  for (let q = 1; q < radix; q++) {
    let re = 'v0.x';
    let im = 'v0.y';
    for (let r = 1; r <= half; r++) {
      const angle = (2 * Math.PI * ((q * r) % radix)) / radix;
      const c = literal(Math.cos(angle));
      const s = literal(sign * Math.sin(angle));
      re += ` + sp${r}.x * ${c} - sm${r}.y * ${s}`;
      im += ` + sp${r}.y * ${c} + sm${r}.x * ${s}`;
    }
    lines.push(`let y${q} = vec2f(${re}, ${im});`);
  }
  return lines.join('\n    ');
}

/** One Stockham pass of radix R: thread j reads R strided values, twiddles, DFT, writes them `ns` apart. */
function passShader(radix: number, inverse: boolean, wg: number): string {
  const sign = inverse ? 1 : -1;
  const loads = Array.from({ length: radix }, (_, r) =>
    r === 0 ? 'let v0 = src[base + j];' : `let v${r} = cmul(src[base + j + ${r}u * per], twiddle(k * ${r}u * params.tw_step));`,
  );
  const stores = Array.from({ length: radix }, (_, r) => `dst[base + d + ${r}u * params.ns] = y${r};`);
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { n: u32, threads: u32, ns: u32, tw_step: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec2f>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec2f>;
@group(0) @binding(3) var<storage, read> table: array<vec2f>;
fn cmul(a: vec2f, b: vec2f) -> vec2f { return vec2f(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
fn twiddle(m: u32) -> vec2f { let w = table[m]; return vec2f(w.x, ${inverse ? 'w.y' : '-w.y'}); }
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = workgroup_index(wid, nwg) * ${wg}u + lid;
  if (t >= params.threads) { return; }
  let per = params.n / ${radix}u;
  let base = (t / per) * params.n;
  let j = t % per;
  let k = j % params.ns;
  ${loads.join('\n  ')}
  ${smallDft(radix, sign)}
  let d = (j / params.ns) * params.ns * ${radix}u + k;
  ${stores.join('\n  ')}
}`;
}

/** Interleaves re (and im, or zeros) into complex pairs, and back out with the 1/n scale. */
function packShader(withIm: boolean, wg: number): string {
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { count: u32, re_off: u32, im_off: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> re: array<f32>;
${withIm ? '@group(0) @binding(2) var<storage, read> im: array<f32>;' : ''}
@group(0) @binding(3) var<storage, read_write> dst: array<vec2f>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = workgroup_index(wid, nwg) * ${wg}u + lid;
  if (i >= params.count) { return; }
  dst[i] = vec2f(re[params.re_off + i], ${withIm ? 'im[params.im_off + i]' : '0.0'});
}`;
}

function unpackShader(wg: number): string {
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { count: u32, out_off: u32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec2f>;
@group(0) @binding(2) var<storage, read_write> re: array<f32>;
@group(0) @binding(3) var<storage, read_write> im: array<f32>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = workgroup_index(wid, nwg) * ${wg}u + lid;
  if (i >= params.count) { return; }
  let v = src[i];
  re[params.out_off + i] = v.x / params.scale;
  im[params.out_off + i] = v.y / params.scale;
}`;
}

async function transform(backend: WebGpuBackend, re: NdArray, im: NdArray | undefined, inverse: boolean, outRe: GPUBuffer, outIm: GPUBuffer): Promise<void> {
  const n = re.shape[re.ndim - 1];
  const rows = re.size / n;
  const wg = backend.workgroupSize;
  const chunkRows = Math.min(rows, Math.floor(backend.maxBindingBytes / (8 * n)));
  if (chunkRows === 0) throw new BackendError(`fft: a row of ${n} complex values (${8 * n} bytes) exceeds this device's largest storage binding (${backend.maxBindingBytes} bytes)`);
  const table = backend.constant(`fft-twiddles:${n}`, () => twiddles(n));
  const work = [backend.temporary(chunkRows * n * 8), backend.temporary(chunkRows * n * 8)];
  const pack = await backend.program(`fft:pack:${im !== undefined}`, () => packShader(im !== undefined, wg));
  const unpack = await backend.program('fft:unpack', () => unpackShader(wg));
  const plan = radices(n);
  const passes = await Promise.all(plan.map((r) => backend.program(`fft:pass:${r}:${inverse}`, () => passShader(r, inverse, wg))));
  const dispatches: Dispatch[] = [];
  for (let first = 0; first < rows; first += chunkRows) {
    const count = Math.min(chunkRows, rows - first) * n;
    const packed: Record<string, GPUBuffer> = { re: bufferOf(re), dst: work[0] };
    if (im !== undefined) packed.im = bufferOf(im);
    const offsets = { count, re_off: re.offset + first * n, im_off: im === undefined ? 0 : im.offset + first * n };
    dispatches.push({ program: pack, storages: packed, params: offsets, workgroups: Math.ceil(count / wg) });
    let ns = 1;
    let current = 0;
    plan.forEach((radix, p) => {
      const threads = count / radix;
      const params = { n, threads, ns, tw_step: n / (ns * radix) };
      dispatches.push({ program: passes[p], storages: { src: work[current], dst: work[1 - current], table }, params, workgroups: Math.ceil(threads / wg) });
      current = 1 - current;
      ns *= radix;
    });
    const scale = inverse ? n : 1;
    dispatches.push({ program: unpack, storages: { src: work[current], re: outRe, im: outIm }, params: { count, out_off: first * n, scale }, workgroups: Math.ceil(count / wg) });
  }
  await backend.run(dispatches, work);
}

/**
 * WebGPU `fft`: batched complex FFT along the last axis by Stockham passes of radix 4, 2, 3, 5
 * and 7 (any 2,3,5,7-smooth length), in float32 with twiddles rounded once from float64 (one
 * table per length, uploaded once). The inverse is scaled by 1/n. Batches larger than a storage
 * binding run in chunks of rows.
 */
export const fft: KernelFunc<'fft'> = async (inputs, { inverse }) => {
  const backend = gpuOf(inputs.re);
  const re = inputs.re.isContiguous ? inputs.re : await copy({ x: inputs.re }, {});
  const im = inputs.im === undefined || inputs.im.isContiguous ? inputs.im : await copy({ x: inputs.im }, {});
  const outRe = backend.createStorage(re.dtype, re.size, 'fft');
  const outIm = backend.createStorage(re.dtype, re.size, 'fft');
  if (re.size > 0) await transform(backend, re, im, inverse, outRe.buffer, outIm.buffer);
  if (re !== inputs.re) re.dispose();
  if (im !== inputs.im) im?.dispose();
  return { re: new NdArray(outRe, inputs.re.shape), im: new NdArray(outIm, inputs.re.shape) };
};
