import type { DType } from '../../dtype.js';
import type { KernelFunc, ReduceOp } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { sizeOf } from '../../shape.js';
import { bufferOf, gpuOf } from '../elementwise.js';
import { wgslScalar, type WgslScalar } from '../gpu-dtype.js';
import { coordinates, lane, mergeAxes, padVec4, stridedOffset, vec4Count } from '../strides.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { WGSL_COMMON, WGSL_COMPENSATED } from '../wgsl.js';

/**
 * Reduced lengths at most this, or outputs at least this many (unless each reduces a long
 * contiguous run), reduce one output per thread.
 */
const THREAD_PER_OUTPUT_MIN_OUTPUTS = 4096;
const THREAD_PER_OUTPUT_MAX_LENGTH = 64;
/** Most workgroups that share one output in the first pass (the second pass reads their partials). */
const MAX_SPLIT = 256;

/** How one reduction accumulates: the accumulator's WGSL type, identity, combination and result. */
interface Flavor {
  acc: string;
  identity: string;
  helpers: string;
  /** `acc` with element `v` (of the input's WGSL type) at reduced flat index `j` folded in. */
  add(acc: string, v: string, j: string): string;
  /** WGSL function combining two accumulators. */
  merge: string;
  /** The output element from the final accumulator. */
  result(acc: string): string;
}

const BEST = (t: WgslScalar, op: 'min' | 'max') => /* wgsl */ `
fn best(a: ${t}, b: ${t}) -> ${t} {
  ${t === 'f32' ? 'if (is_nan(a)) { return a; } if (is_nan(b)) { return b; }' : ''}
  return select(b, a, a ${op === 'min' ? '<=' : '>='} b);
}`;

const ARG_BEST = (t: WgslScalar, op: 'argmin' | 'argmax') => /* wgsl */ `
struct Arg { v: ${t}, i: u32 }
fn first_of(a: Arg, b: Arg) -> Arg { if (a.i < b.i) { return a; } return b; }
fn best(a: Arg, b: Arg) -> Arg {
  if (b.i == 0xffffffffu) { return a; }
  if (a.i == 0xffffffffu) { return b; }
  ${t === 'f32' ? 'let an = is_nan(a.v); let bn = is_nan(b.v); if (an && bn) { return first_of(a, b); } if (an) { return a; } if (bn) { return b; }' : ''}
  if (a.v ${op === 'argmin' ? '<' : '>'} b.v) { return a; }
  if (b.v ${op === 'argmin' ? '<' : '>'} a.v) { return b; }
  return first_of(a, b);
}`;

function flavor(op: ReduceOp, dtype: DType): Flavor {
  const t = wgslScalar(dtype);
  if (op === 'sum' || op === 'mean') {
    return {
      acc: 'vec2f',
      identity: 'vec2f(0.0)',
      helpers: WGSL_COMPENSATED,
      add: (acc, v) => {
        if (t === 'f32' || (dtype !== 'int32' && dtype !== 'uint32')) return `kadd(${acc}, ${t === 'f32' ? v : `f32(${v})`})`;
        // a 32-bit integer as two exact float32 parts: the bits above the lowest 8, and those 8
        const [high, low] = t === 'i32' ? ['-256', '255'] : ['0xffffff00u', '0xffu'];
        return `kadd(kadd(${acc}, f32(${v} & ${high})), f32(${v} & ${low}))`;
      },
      merge: 'kmerge',
      result: (acc) => (op === 'sum' ? `kvalue(${acc})` : `select(kvalue(${acc}) / f32(params.total), nan_f32(), params.total == 0u)`),
    };
  }
  if (op === 'min' || op === 'max') {
    const identities: Record<WgslScalar, [string, string]> = {
      f32: ['inf_f32()', '-inf_f32()'],
      i32: ['i32(0x7fffffff)', 'i32(-2147483647 - 1)'],
      u32: ['0xffffffffu', '0u'],
    };
    return {
      acc: t,
      identity: identities[t][op === 'min' ? 0 : 1],
      helpers: BEST(t, op),
      add: (acc, v) => `best(${acc}, ${v})`,
      merge: 'best',
      result: (acc) => acc,
    };
  }
  return {
    acc: 'Arg',
    identity: `Arg(${t}(0), 0xffffffffu)`,
    helpers: ARG_BEST(t, op),
    add: (acc, v, j) => `best(${acc}, Arg(${v}, ${j}))`,
    merge: 'best',
    result: (acc) => `i32(${acc}.i)`,
  };
}

interface Geometry {
  keptRank: number;
  reducedRank: number;
}

function header(f: Flavor, g: Geometry, input: string, output: string): string {
  return /* wgsl */ `
${WGSL_COMMON}
struct Params {
  one: f32, outputs: u32, length: u32, split: u32, total: u32, off: i32,
  kshape: array<vec4<u32>, ${vec4Count(g.keptRank)}>, kst: array<vec4<i32>, ${vec4Count(g.keptRank)}>,
  rshape: array<vec4<u32>, ${vec4Count(g.reducedRank)}>, rst: array<vec4<i32>, ${vec4Count(g.reducedRank)}>,
}
@group(0) @binding(0) var<uniform> params: Params;
${f.helpers}
@group(0) @binding(1) var<storage, read> x: array<${input}>;
@group(0) @binding(2) var<storage, read_write> out: array<${output}>;
`;
}

const BUILTINS = '@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32';

/** One thread per output: nested loops over the reduced axes, no index division inside. */
function threadPerOutput(f: Flavor, g: Geometry, t: WgslScalar, outType: string, wg: number): string {
  let body = `let v = x[u32(base${Array.from({ length: g.reducedRank }, (_, d) => ` + i32(r${d}) * ${lane('rst', d)}`).join('')})];\n    acc = ${f.add('acc', 'v', 'j')};\n    j = j + 1u;`;
  for (let d = g.reducedRank - 1; d >= 0; d--) body = `for (var r${d} = 0u; r${d} < ${lane('rshape', d)}; r${d} = r${d} + 1u) {\n    ${body}\n  }`;
  return /* wgsl */ `${header(f, g, t, outType)}
@compute @workgroup_size(${wg})
fn main(${BUILTINS}) {
  let m = workgroup_index(wid, nwg) * ${wg}u + lid;
  if (m >= params.outputs) { return; }
  ${coordinates('m', g.keptRank, 'kshape', 'k')}
  let base = ${stridedOffset('params.off', g.keptRank, 'kst', 'k')};
  var acc = ${f.identity};
  var j = 0u;
  ${body}
  out[m] = ${f.result('acc')};
}`;
}

/**
 * `split` workgroups per output, each striding over the reduced elements (or partials), then a
 * tree in workgroup memory; the first thread writes a partial or the result.
 */
function workgroupTree(f: Flavor, g: Geometry, input: string, output: string, fromPartials: boolean, final: boolean, wg: number): string {
  const load = fromPartials
    ? `acc = ${f.merge}(acc, x[m * params.length + j]);`
    : `${coordinates('j', g.reducedRank, 'rshape', 'r')}
      let v = x[u32(${stridedOffset('base', g.reducedRank, 'rst', 'r')})];
      acc = ${f.add('acc', 'v', 'j')};`;
  return /* wgsl */ `${header(f, g, input, output)}
var<workgroup> tree: array<${f.acc}, ${wg}>;
@compute @workgroup_size(${wg})
fn main(${BUILTINS}) {
  let w = workgroup_index(wid, nwg);
  if (w >= params.outputs * params.split) { return; }
  let m = w / params.split;
  let part = w % params.split;
  ${fromPartials ? '' : coordinates('m', g.keptRank, 'kshape', 'k')}
  ${fromPartials ? '' : `let base = ${stridedOffset('params.off', g.keptRank, 'kst', 'k')};`}
  var acc = ${f.identity};
  for (var j = part * ${wg}u + lid; j < params.length; j = j + params.split * ${wg}u) {
    ${load}
  }
  tree[lid] = acc;
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { tree[lid] = ${f.merge}(tree[lid], tree[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u) { out[w] = ${final ? f.result('tree[0]') : 'tree[0]'}; }
}`;
}

function outputShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const reduced = new Set(axes);
  return keepDims ? shape.map((n, d) => (reduced.has(d) ? 1 : n)) : shape.filter((_, d) => !reduced.has(d));
}

async function dispatchReduce(backend: WebGpuBackend, x: NdArray, op: ReduceOp, axes: readonly number[], out: GPUBuffer, outType: string): Promise<void> {
  const reduced = new Set(axes);
  const pick = (keep: boolean) => x.shape.map((_, d) => d).filter((d) => reduced.has(d) !== keep);
  const keptAxes = pick(true);
  const reducedAxes = pick(false);
  const kept = mergeAxes(keptAxes.map((d) => x.shape[d]), [keptAxes.map((d) => x.strides[d])]);
  const red = mergeAxes(reducedAxes.map((d) => x.shape[d]), [reducedAxes.map((d) => x.strides[d])]);
  const outputs = sizeOf(kept.shape);
  const length = sizeOf(red.shape);
  const g: Geometry = { keptRank: kept.shape.length, reducedRank: red.shape.length };
  const f = flavor(op, x.dtype);
  const t = wgslScalar(x.dtype);
  const wg = backend.workgroupSize;
  const params = {
    one: 1, outputs, length, split: 1, total: length, off: x.offset,
    kshape: padVec4(kept.shape), kst: padVec4(kept.strides[0]), rshape: padVec4(red.shape), rst: padVec4(red.strides[0]),
  };
  const keyBase = `reduce:${op}:${x.dtype}:k${g.keptRank}:r${g.reducedRank}`;
  // a long contiguous reduced axis is read best by whole workgroups (coalesced), however many outputs
  const contiguousRuns = red.strides[0][g.reducedRank - 1] === 1 && length >= 4 * THREAD_PER_OUTPUT_MAX_LENGTH;
  if (length <= THREAD_PER_OUTPUT_MAX_LENGTH || (outputs >= THREAD_PER_OUTPUT_MIN_OUTPUTS && !contiguousRuns)) {
    const program = await backend.program(`${keyBase}:thread`, () => threadPerOutput(f, g, t, outType, wg));
    await backend.run([{ program, storages: { x: bufferOf(x), out }, params, workgroups: Math.ceil(outputs / wg) }]);
    return;
  }
  const split = Math.min(MAX_SPLIT, Math.ceil(length / (wg * 4)));
  if (split === 1) {
    const program = await backend.program(`${keyBase}:tree`, () => workgroupTree(f, g, t, outType, false, true, wg));
    await backend.run([{ program, storages: { x: bufferOf(x), out }, params, workgroups: outputs }]);
    return;
  }
  const partials = backend.temporary(outputs * split * 8); // vec2f and Arg: 8 bytes; scalars use half
  const first = await backend.program(`${keyBase}:tree-partial`, () => workgroupTree(f, g, t, f.acc, false, false, wg));
  const second = await backend.program(`${keyBase}:tree-final`, () => workgroupTree(f, g, f.acc, outType, true, true, wg));
  await backend.run(
    [
      { program: first, storages: { x: bufferOf(x), out: partials }, params: { ...params, split }, workgroups: outputs * split },
      { program: second, storages: { x: partials, out }, params: { ...params, length: split }, workgroups: outputs },
    ],
    [partials],
  );
}

/**
 * WebGPU `reduce`: sums and means accumulate Neumaier-compensated float32 pairs (32-bit integers
 * enter as two exact float32 parts, so integer sums are not rounded element by element); min/max
 * propagate NaN; argmin/argmax keep the first extreme (or first NaN). Many outputs over strided
 * axes reduce one per thread (neighbouring threads read neighbouring elements); long axes split
 * each output over up to 256 workgroups, whose partials (tree-combined in workgroup memory) a
 * second pass combines.
 */
export const reduce: KernelFunc<'reduce'> = async ({ x }, { op, axes, keepDims, outDtype }) => {
  const backend = gpuOf(x);
  const shape = outputShape(x.shape, axes, keepDims);
  const storage = backend.createStorage(outDtype, sizeOf(shape));
  if (sizeOf(shape) > 0) await dispatchReduce(backend, x, op, axes, storage.buffer, wgslScalar(outDtype));
  return new NdArray(storage, shape);
};
