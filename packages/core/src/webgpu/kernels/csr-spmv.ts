import type { KernelFunc } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { bufferOf, gpuOf } from '../elementwise.js';
import { wgslScalar } from '../gpu-dtype.js';
import { WGSL_COMMON, WGSL_COMPENSATED } from '../wgsl.js';
import { copy } from './copy.js';

/** Rows with at least this many stored elements on average get full workgroups; others 64 threads. */
const WIDE_ROWS = 1024;

function weightFactor(power: number): string {
  return power === 0 ? '' : power === 1 ? 'w * ' : 'w * w * ';
}

function shaderCode(indptrType: string, indicesType: string, powers: readonly number[], wg: number): string {
  const channels = powers.length;
  const accumulate = powers.map((p, c) => `acc${c} = kadd(acc${c}, ${weightFactor(p)}x[xb + ${c}u]);`).join('\n    ');
  const reduce = powers
    .map(
      (_, c) => `
  ${c > 0 ? 'workgroupBarrier();' : ''}
  tree[lid] = acc${c};
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { tree[lid] = kmerge(tree[lid], tree[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) { out[row * ${channels}u + ${c}u] = kvalue(tree[0]); }`,
    )
    .join('');
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { one: f32, rows: u32, p_off: u32, i_off: u32, w_off: u32, x_off: u32 }
@group(0) @binding(0) var<uniform> params: Params;
${WGSL_COMPENSATED}
@group(0) @binding(1) var<storage, read> indptr: array<${indptrType}>;
@group(0) @binding(2) var<storage, read> indices: array<${indicesType}>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read> x: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;
var<workgroup> tree: array<vec2f, ${wg}>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = workgroup_index(wid, nwg);
  if (row >= params.rows) { return; }
  let start = u32(indptr[params.p_off + row]);
  let end = u32(indptr[params.p_off + row + 1u]);
  ${powers.map((_, c) => `var acc${c} = vec2f(0.0);`).join(' ')}
  for (var j = start + lid; j < end; j = j + ${wg}u) {
    let w = weights[params.w_off + j];
    let xb = params.x_off + u32(indices[params.i_off + j]) * ${channels}u;
    ${accumulate}
  }${reduce}
}`;
}

async function contiguous(a: NdArray): Promise<NdArray> {
  return a.isContiguous ? a : copy({ x: a }, {});
}

/**
 * WebGPU `csrSpmv`: one workgroup per row (256 threads when rows are long, else 64) strides over
 * the row's stored elements, every channel summed in a Neumaier-compensated float32 pair, then
 * a tree per channel in workgroup memory. Powers 0, 1, 2 of the weights are compiled in.
 */
export const csrSpmv: KernelFunc<'csrSpmv'> = async (inputs, { rows, channels, powers }) => {
  const backend = gpuOf(inputs.x);
  const [indptr, indices, weights, x] = await Promise.all([inputs.indptr, inputs.indices, inputs.weights, inputs.x].map(contiguous));
  const shape = inputs.x.ndim === 2 ? [rows, channels] : [rows];
  const storage = backend.createStorage(inputs.x.dtype, rows * channels);
  if (rows > 0) {
    const wg = indices.size >= WIDE_ROWS * rows ? backend.workgroupSize : Math.min(64, backend.workgroupSize);
    const ip = wgslScalar(indptr.dtype);
    const ix = wgslScalar(indices.dtype);
    const program = await backend.program(`csr:${ip}:${ix}:${powers.join('')}:${wg}`, () => shaderCode(ip, ix, powers, wg));
    await backend.run([
      {
        program,
        storages: { indptr: bufferOf(indptr), indices: bufferOf(indices), weights: bufferOf(weights), x: bufferOf(x), out: storage.buffer },
        params: { one: 1, rows, p_off: indptr.offset, i_off: indices.offset, w_off: weights.offset, x_off: x.offset },
        workgroups: rows,
      },
    ]);
  }
  for (const [copied, original] of [[indptr, inputs.indptr], [indices, inputs.indices], [weights, inputs.weights], [x, inputs.x]]) {
    if (copied !== original) copied.dispose();
  }
  return new NdArray(storage, shape);
};
