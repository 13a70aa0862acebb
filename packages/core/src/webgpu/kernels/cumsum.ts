import type { DType } from '../../dtype.js';
import type { KernelFunc } from '../../kernel-names.js';
import { NdArray } from '../../ndarray.js';
import { bufferOf, gpuOf } from '../elementwise.js';
import { convert, wgslScalar, type WgslScalar } from '../gpu-dtype.js';
import type { Dispatch } from '../program.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { WGSL_COMMON, WGSL_COMPENSATED } from '../wgsl.js';
import { copy } from './copy.js';

/** Elements each thread scans sequentially; a block is `workgroupSize * ITEMS` elements. */
const ITEMS = 4;

/** What a scan reads: the input array (of a dtype) or partial sums in the accumulator type. */
type Source = { dtype: DType } | 'acc';

/** The accumulator of a scan: compensated pairs for float32, wrapping integers otherwise. */
interface Accumulator {
  type: string;
  identity: string;
  helpers: string;
  add(acc: string, v: string, source: Source): string;
  merge(a: string, b: string): string;
  value(acc: string): string;
}

function accumulator(s: WgslScalar): Accumulator {
  if (s === 'f32') {
    return {
      type: 'vec2f',
      identity: 'vec2f(0.0)',
      helpers: WGSL_COMPENSATED,
      add: (acc, v, source) => (source === 'acc' ? `kmerge(${acc}, ${v})` : `kadd(${acc}, ${convert(v, source.dtype, 'f32')})`),
      merge: (a, b) => `kmerge(${a}, ${b})`,
      value: (acc) => `kvalue(${acc})`,
    };
  }
  return {
    type: s,
    identity: `${s}(0)`,
    helpers: '',
    add: (acc, v, source) => `${acc} + ${source === 'acc' ? v : convert(v, source.dtype, s)}`,
    merge: (a, b) => `${a} + ${b}`,
    value: (acc) => acc,
  };
}

interface Shader {
  acc: Accumulator;
  source: Source;
  wg: number;
}

function header({ acc, source, wg }: Shader, target: string, offsets: boolean): string {
  const input = source === 'acc' ? acc.type : wgslScalar(source.dtype);
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { one: f32, rows: u32, length: u32, blocks: u32, src_off: u32 }
@group(0) @binding(0) var<uniform> params: Params;
${acc.helpers}
@group(0) @binding(1) var<storage, read> src: array<${input}>;
@group(0) @binding(2) var<storage, read_write> dst: array<${target}>;
${offsets ? `@group(0) @binding(3) var<storage, read> offsets: array<${acc.type}>;` : ''}
var<workgroup> shared_acc: array<${acc.type}, ${wg}>;
`;
}

/** Shared start of both shaders: which row and block, and each thread's sum of its items. */
function threadSums(sh: Shader): string {
  return /* wgsl */ `
  let w = workgroup_index(wid, nwg);
  if (w >= params.rows * params.blocks) { return; }
  let row = (w / params.blocks) * params.length + params.src_off;
  let first = (w % params.blocks) * ${sh.wg * ITEMS}u + lid * ${ITEMS}u;
  var local = ${sh.acc.identity};
  for (var k = 0u; k < ${ITEMS}u; k = k + 1u) {
    if (first + k < params.length) { local = ${sh.acc.add('local', 'src[row + first + k]', sh.source)}; }
  }
  shared_acc[lid] = local;
  workgroupBarrier();`;
}

const MAIN = '@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32';

/** Sum of each block, tree-combined in workgroup memory. */
function totalsShader(sh: Shader): string {
  return `${header(sh, sh.acc.type, false)}
@compute @workgroup_size(${sh.wg})
fn main(${MAIN}) {${threadSums(sh)}
  for (var s = ${sh.wg / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { shared_acc[lid] = ${sh.acc.merge('shared_acc[lid]', 'shared_acc[lid + s]')}; }
    workgroupBarrier();
  }
  if (lid == 0u) { dst[w] = shared_acc[0]; }
}`;
}

/**
 * Scan of each block: Hillis-Steele over the threads' sums in workgroup memory, then each thread
 * walks its items from its prefix (plus the block's offset from the level above).
 */
function scanShader(sh: Shader, target: string, exclusive: boolean, offsets: boolean, final: boolean): string {
  const store = (acc: string) => (final ? sh.acc.value(acc) : acc);
  const step = exclusive
    ? `dst[out_row + first + k] = ${store('acc')}; acc = ${sh.acc.add('acc', 'v', sh.source)};`
    : `acc = ${sh.acc.add('acc', 'v', sh.source)}; dst[out_row + first + k] = ${store('acc')};`;
  return `${header(sh, target, offsets)}
@compute @workgroup_size(${sh.wg})
fn main(${MAIN}) {${threadSums(sh)}
  for (var s = 1u; s < ${sh.wg}u; s = s << 1u) {
    var before = ${sh.acc.identity};
    if (lid >= s) { before = shared_acc[lid - s]; }
    workgroupBarrier();
    if (lid >= s) { shared_acc[lid] = ${sh.acc.merge('before', 'shared_acc[lid]')}; }
    workgroupBarrier();
  }
  var acc = ${offsets ? 'offsets[w]' : sh.acc.identity};
  if (lid > 0u) { acc = ${sh.acc.merge('acc', 'shared_acc[lid - 1u]')}; }
  let out_row = row - params.src_off;
  for (var k = 0u; k < ${ITEMS}u; k = k + 1u) {
    if (first + k < params.length) {
      let v = src[row + first + k];
      ${step}
    }
  }
}`;
}

interface Level {
  src: GPUBuffer;
  srcOffset: number;
  source: Source;
  dst: GPUBuffer;
  target: 'final' | 'acc';
  exclusive: boolean;
  rows: number;
  length: number;
}

/**
 * Dispatches scanning `rows` rows of `length` (reduce-then-scan): block totals, the exclusive
 * scan of those (recursively), then each block scanned from its offset.
 */
async function scanLevel(backend: WebGpuBackend, acc: Accumulator, outType: string, level: Level, dispatches: Dispatch[], temporaries: GPUBuffer[]): Promise<void> {
  const wg = backend.workgroupSize;
  const blocks = Math.ceil(level.length / (wg * ITEMS));
  const sh: Shader = { acc, source: level.source, wg };
  const sourceKey = level.source === 'acc' ? 'acc' : level.source.dtype;
  const params = { one: 1, rows: level.rows, length: level.length, blocks, src_off: level.srcOffset };
  const final = level.target === 'final';
  const target = final ? outType : acc.type;
  const storages: Record<string, GPUBuffer> = { src: level.src, dst: level.dst };
  if (blocks > 1) {
    const totals = backend.temporary(level.rows * blocks * 8);
    const offsets = backend.temporary(level.rows * blocks * 8);
    temporaries.push(totals, offsets);
    const program = await backend.program(`cumsum:totals:${acc.type}:${sourceKey}`, () => totalsShader(sh));
    dispatches.push({ program, storages: { src: level.src, dst: totals }, params, workgroups: level.rows * blocks });
    await scanLevel(backend, acc, outType, { src: totals, srcOffset: 0, source: 'acc', dst: offsets, target: 'acc', exclusive: true, rows: level.rows, length: blocks }, dispatches, temporaries);
    storages.offsets = offsets;
  }
  const key = `cumsum:scan:${acc.type}:${sourceKey}>${target}:${level.exclusive ? 'ex' : 'in'}:${blocks > 1 ? 'off' : ''}`;
  const program = await backend.program(key, () => scanShader(sh, target, level.exclusive, blocks > 1, final));
  dispatches.push({ program, storages, params, workgroups: level.rows * blocks });
}

/** The axes of `ndim` with `axis` moved last. */
function axisLast(ndim: number, axis: number): number[] {
  return [...Array.from({ length: ndim }, (_, d) => d).filter((d) => d !== axis), axis];
}

/**
 * WebGPU `cumsum`: a reduce-then-scan along the last axis of a contiguous copy (other axes are
 * moved last with the copy kernel, and the result moved back); float32 accumulates compensated
 * pairs, integers wrap as typed arrays store them.
 */
export const cumsum: KernelFunc<'cumsum'> = async ({ x }, { axis, exclusive, outDtype }) => {
  const backend = gpuOf(x);
  const last = axis === x.ndim - 1;
  const order = axisLast(x.ndim, axis);
  let src = x;
  if (!last || !x.isContiguous) {
    const moved = x.transpose(...order);
    src = await copy({ x: moved }, {});
    moved.dispose();
  }
  const storage = backend.createStorage(outDtype, x.size);
  const length = x.shape[axis];
  if (x.size > 0) {
    const acc = accumulator(wgslScalar(outDtype, 'cumsum'));
    const dispatches: Dispatch[] = [];
    const temporaries: GPUBuffer[] = [];
    const level: Level = { src: bufferOf(src), srcOffset: src.offset, source: { dtype: x.dtype }, dst: storage.buffer, target: 'final', exclusive, rows: x.size / length, length };
    await scanLevel(backend, acc, wgslScalar(outDtype), level, dispatches, temporaries);
    await backend.run(dispatches, temporaries);
  }
  if (src !== x) src.dispose();
  const scanned = new NdArray(storage, src.shape);
  if (last) return scanned;
  const back = scanned.transpose(...order.map((_, d) => order.indexOf(d)));
  const result = await copy({ x: back }, {});
  back.dispose();
  scanned.dispose();
  return result;
};
