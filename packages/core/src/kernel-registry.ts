import { ensureBuiltins } from './builtins.js';
import { BackendError, show } from './errors.js';
import type { KernelFunc, KernelName } from './kernel-names.js';

const kernels = new Map<string, KernelFunc<KernelName>>();

/**
 * Registers one backend's implementation of a kernel (one name, one implementation per backend).
 *
 * @example
 * ```ts
 * import { registerKernel } from '@pandaas/core';
 * registerKernel('copy', 'my-backend', async ({ x }) => x);
 * ```
 */
export function registerKernel<K extends KernelName>(name: K, backend: string, run: KernelFunc<K>): void {
  kernels.set(`${backend}_${name}`, run as unknown as KernelFunc<KernelName>);
}

/** The implementation of a kernel on a backend, or a {@link BackendError} naming both. */
export function getKernel<K extends KernelName>(name: K, backend: string): KernelFunc<K> {
  ensureBuiltins();
  const run = kernels.get(`${backend}_${name}`);
  if (run === undefined) {
    const where = [...kernels.keys()].filter((k) => k.endsWith(`_${name}`)).map((k) => k.slice(0, -name.length - 1));
    throw new BackendError(`kernel ${show(name)} has no implementation on backend ${show(backend)} (implemented on: ${where.join(', ') || 'none'})`);
  }
  return run as unknown as KernelFunc<K>;
}

/** Names of the kernels a backend implements. */
export function kernelsOf(backend: string): string[] {
  ensureBuiltins();
  return [...kernels.keys()].filter((k) => k.startsWith(`${backend}_`)).map((k) => k.slice(backend.length + 1)).sort();
}
