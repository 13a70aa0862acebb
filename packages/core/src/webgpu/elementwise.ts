import type { DType } from '../dtype.js';
import { NdArray } from '../ndarray.js';
import { broadcastStrides, sizeOf } from '../shape.js';
import { wgslScalar } from './gpu-dtype.js';
import { coordinates, lane, mergeAxes, padVec4, stridedOffset, vec4Count } from './strides.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { WGSL_COMMON } from './wgsl.js';

/** An element-wise kernel: inputs broadcast to `outShape`, one WGSL expression per element. */
export interface ElementwiseSpec {
  /** Names the operation in the pipeline cache (dtypes and layout are added to the key). */
  key: string;
  /** Arrays read element by element, any strides, broadcast to `outShape`. */
  inputs: readonly NdArray[];
  outShape: readonly number[];
  outDtype: DType;
  /** The output element, of the WGSL type of `outDtype`, from `v0`, `v1`, ... (each of its input's WGSL type). */
  expr: string;
  /** Extra WGSL functions the expression calls ({@link WGSL_COMMON} is always there; `params.one` is 1). */
  helpers?: string;
  /** Extra scalar uniform fields (`name: type`), read as `params.name`, with their values. */
  fields?: { declarations: string[]; values: Record<string, number> };
  /**
   * The expression means the same on `vec4<f32>` values (plain `+ - * /` of float32): then
   * contiguous, aligned float32 operands are read and written four at a time.
   */
  vectorizable?: boolean;
}

/** Whether a kernel can run on `vec4<f32>`: float32 everywhere, no broadcasting, aligned offsets. */
function fitsVec4(spec: ElementwiseSpec, n: number): boolean {
  return (
    spec.vectorizable === true &&
    n % 4 === 0 &&
    spec.outDtype === 'float32' &&
    spec.inputs.every((x) => x.dtype === 'float32' && x.isContiguous && x.size === n && x.offset % 4 === 0)
  );
}

function vec4ShaderCode(spec: ElementwiseSpec, workgroupSize: number): string {
  const k = spec.inputs.length;
  const bindings = spec.inputs.map((_, j) => `@group(0) @binding(${j + 1}) var<storage, read> x${j}: array<vec4<f32>>;`);
  const reads = spec.inputs.map((_, j) => `let v${j} = x${j}[u32(${lane('off', j)}) / 4u + i];`);
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { n: u32, one: f32, off: array<vec4<i32>, ${vec4Count(k)}> }
@group(0) @binding(0) var<uniform> params: Params;
${bindings.join('\n')}
@group(0) @binding(${k + 1}) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = workgroup_index(wid, nwg) * ${workgroupSize}u + lid;
  if (i >= params.n) { return; }
  ${reads.join('\n  ')}
  out[i] = ${spec.expr};
}
`;
}

/**
 * The backend an array lives on, as the WebGPU backend (kernels receive WebGPU arrays only).
 *
 * @example
 * ```ts
 * const backend = gpuOf(x);
 * ```
 */
export function gpuOf(x: NdArray): WebGpuBackend {
  return x.storage.backend as WebGpuBackend;
}

/**
 * The GPU buffer that holds an array (its elements start at `x.offset` words).
 *
 * @example
 * ```ts
 * const storages = { x: bufferOf(x) };
 * ```
 */
export function bufferOf(x: NdArray): GPUBuffer {
  return x.storage.buffer as GPUBuffer;
}

function shaderCode(spec: ElementwiseSpec, rank: number, contiguous: boolean[], workgroupSize: number): string {
  const k = spec.inputs.length;
  const q = vec4Count(rank);
  const fields = ['n: u32', 'one: f32', ...(spec.fields?.declarations ?? []), `off: array<vec4<i32>, ${vec4Count(k)}>`];
  const strided = contiguous.some((c) => !c);
  if (strided) fields.push(`shape: array<vec4<u32>, ${q}>`);
  spec.inputs.forEach((_, j) => {
    if (!contiguous[j]) fields.push(`st${j}: array<vec4<i32>, ${q}>`);
  });
  const bindings = spec.inputs.map((x, j) => `@group(0) @binding(${j + 1}) var<storage, read> x${j}: array<${wgslScalar(x.dtype)}>;`);
  const reads = spec.inputs.map((_, j) =>
    contiguous[j] ? `let v${j} = x${j}[u32(${lane('off', j)}) + i];` : `let v${j} = x${j}[u32(${stridedOffset(lane('off', j), rank, `st${j}`)})];`,
  );
  return /* wgsl */ `
${WGSL_COMMON}
struct Params { ${fields.join(', ')} }
@group(0) @binding(0) var<uniform> params: Params;
${bindings.join('\n')}
@group(0) @binding(${k + 1}) var<storage, read_write> out: array<${wgslScalar(spec.outDtype)}>;
${spec.helpers ?? ''}
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = workgroup_index(wid, nwg) * ${workgroupSize}u + lid;
  if (i >= params.n) { return; }
  ${strided ? coordinates('i', rank, 'shape') : ''}
  ${reads.join('\n  ')}
  out[i] = ${spec.expr};
}
`;
}

/**
 * Runs an element-wise kernel into a new contiguous array of `outShape` and `outDtype`. Inputs
 * are read through their strides (broadcast axes have stride 0): after {@link mergeAxes}, a
 * contiguous input costs no index arithmetic at all.
 *
 * @example
 * ```ts
 * const doubled = await runElementwise(gpuOf(x), { key: 'twice', inputs: [x], outShape: x.shape, outDtype: 'float32', expr: '2.0 * v0' });
 * ```
 */
export async function runElementwise(backend: WebGpuBackend, spec: ElementwiseSpec): Promise<NdArray> {
  const n = sizeOf(spec.outShape);
  const storage = backend.createStorage(spec.outDtype, n);
  const out = new NdArray(storage, spec.outShape);
  if (n === 0) return out;
  const storages: Record<string, GPUBuffer> = { out: storage.buffer };
  spec.inputs.forEach((x, j) => (storages[`x${j}`] = bufferOf(x)));
  if (fitsVec4(spec, n)) {
    // four elements per invocation: fewer, wider loads, as a streaming kernel wants
    const program = await backend.program(`ew4:${spec.key}`, () => vec4ShaderCode(spec, backend.workgroupSize));
    const params = { n: n / 4, one: 1, off: padVec4(spec.inputs.map((x) => x.offset)) };
    await backend.run([{ program, storages, params, workgroups: Math.ceil(n / 4 / backend.workgroupSize) }]);
    return out;
  }
  const merged = mergeAxes(
    spec.outShape,
    spec.inputs.map((x) => broadcastStrides(x.shape, x.strides, spec.outShape)),
  );
  const rank = merged.shape.length;
  const contiguous = merged.strides.map((s) => rank === 0 || (rank === 1 && s[0] === 1));
  const layout = contiguous.map((c) => (c ? 'c' : 's')).join('');
  const dtypes = spec.inputs.map((x) => x.dtype).join(',');
  const key = `ew:${spec.key}:${dtypes}>${spec.outDtype}:r${rank}:${layout}`;
  const program = await backend.program(key, () => shaderCode(spec, rank, contiguous, backend.workgroupSize));
  const params: Record<string, number | number[]> = { n, one: 1, off: padVec4(spec.inputs.map((x) => x.offset)), ...spec.fields?.values };
  if (contiguous.some((c) => !c)) params.shape = padVec4(merged.shape);
  merged.strides.forEach((s, j) => {
    if (!contiguous[j]) params[`st${j}`] = padVec4(s);
  });
  await backend.run([{ program, storages, params, workgroups: Math.ceil(n / backend.workgroupSize) }]);
  return out;
}
