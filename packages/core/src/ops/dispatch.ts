import { ArgumentError, BackendError, show } from '../errors.js';
import { getKernel } from '../kernel-registry.js';
import type { KernelName, KernelSignatures } from '../kernel-names.js';
import { holding, NdArray } from '../ndarray.js';

/** Throws an {@link ArgumentError} unless `value` is an NdArray. */
export function assertNdArray(value: unknown, argument: string): asserts value is NdArray {
  if (!(value instanceof NdArray)) throw new ArgumentError(`${argument} must be an NdArray; got ${show(value)}`);
  void value.storage; // throws DisposedError when disposed
}

/**
 * Runs a kernel on the backend its inputs live on, holding the inputs until it is done. All inputs
 * must share one backend (move them with `to()` first); the error names the arguments and where
 * each lives.
 */
export function runKernel<K extends KernelName>(
  name: K,
  inputs: KernelSignatures[K]['inputs'],
  attrs: KernelSignatures[K]['attrs'],
): Promise<KernelSignatures[K]['output']> {
  const arrays = Object.entries(inputs).filter(([, v]) => v !== undefined) as [string, NdArray][];
  for (const [argument, value] of arrays) assertNdArray(value, argument);
  const backend = arrays[0][1].backend.name;
  const elsewhere = arrays.filter(([, v]) => v.backend.name !== backend);
  if (elsewhere.length > 0) {
    const where = arrays.map(([k, v]) => `${k} on ${v.backend.name}`).join(', ');
    throw new BackendError(`the inputs of ${name} live on different backends (${where}); move them with to() first`);
  }
  const run = getKernel(name, backend);
  return holding(arrays.map(([, a]) => a), () => run(inputs, attrs));
}
