import type { ShaderDataDefinitions, StructuredView, VariableDefinition } from 'webgpu-utils';

/** The two functions of `webgpu-utils` that lay out the kernels' uniforms from their WGSL. */
export interface LayoutTools {
  makeShaderDataDefinitions(code: string): ShaderDataDefinitions;
  makeStructuredView(definition: VariableDefinition): StructuredView;
}

let loading: Promise<LayoutTools> | undefined;

/**
 * Loads `webgpu-utils` once. Its 2.x module names `Float16Array` in module-level tables (for
 * WGSL's f16 types, which pandaas never uses), so importing it throws a ReferenceError on
 * runtimes without that class (Node.js before 24). There a placeholder class is defined for
 * the duration of the import only, then removed, so feature tests elsewhere still see no
 * `Float16Array`.
 *
 * @example
 * ```ts
 * const { makeShaderDataDefinitions } = await loadLayoutTools();
 * ```
 */
export function loadLayoutTools(): Promise<LayoutTools> {
  loading ??= (async () => {
    const scope = globalThis as { Float16Array?: unknown };
    if (scope.Float16Array !== undefined) return import('webgpu-utils');
    scope.Float16Array = class Float16ArrayPlaceholder extends Uint16Array {};
    try {
      return await import('webgpu-utils');
    } finally {
      delete scope.Float16Array;
    }
  })();
  return loading;
}
