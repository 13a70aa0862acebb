import type { ShaderDataDefinitions } from 'webgpu-utils';
import { BackendError } from '../errors.js';
import type { LayoutTools } from './layout.js';

/** A compiled compute shader: its pipeline and what `webgpu-utils` read from its WGSL. */
export interface Program {
  /** The cache key it was compiled under. */
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** Bindings and uniform layout, from `makeShaderDataDefinitions`. */
  readonly defs: ShaderDataDefinitions;
}

/** One dispatch of a {@link Program}. */
export interface Dispatch {
  program: Program;
  /** The storage buffers, by their WGSL variable names. */
  storages: Record<string, GPUBuffer>;
  /** Values of the `params` uniform, by field name (all fields). */
  params?: Record<string, number | readonly number[]>;
  /** Number of workgroups; grids past the per-dimension limit are folded into 2-D. */
  workgroups: number;
}

/**
 * Compiles WGSL into a compute pipeline (entry point `main`, layout `auto`), turning a
 * compilation failure into a {@link BackendError} with the compiler's messages.
 *
 * @example
 * ```ts
 * const program = await compileProgram(device, await loadLayoutTools(), 'fill', code);
 * ```
 */
export async function compileProgram(device: GPUDevice, tools: LayoutTools, key: string, code: string): Promise<Program> {
  const module = device.createShaderModule({ code, label: key });
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
  } catch (err) {
    const info = await module.getCompilationInfo();
    const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join('; ');
    throw new BackendError(`internal error: the WGSL of kernel ${JSON.stringify(key)} does not compile (${messages || String(err)})`, { cause: err });
  }
  return { key, pipeline, layout: pipeline.getBindGroupLayout(0), defs: tools.makeShaderDataDefinitions(code) };
}

/**
 * The `dispatchWorkgroups(x, y)` of a flat workgroup count: `[count, 1]` when it fits one
 * dimension, else a 2-D grid whose surplus workgroups the shaders skip (they compute their flat
 * index as `wid.x + wid.y * nwg.x`).
 *
 * @example
 * ```ts
 * foldGrid(70_000, 65_535); // [35000, 2]
 * ```
 */
export function foldGrid(count: number, limit: number): [number, number] {
  if (count <= limit) return [count, 1];
  const y = Math.ceil(count / limit);
  if (y > limit) throw new BackendError(`a dispatch of ${count} workgroups exceeds this device's grid (${limit} x ${limit})`);
  return [Math.ceil(count / y), y];
}
