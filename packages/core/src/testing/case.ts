import type { KernelName } from '../kernel-names.js';
import type { Check } from './compare.js';
import type { CaseContext } from './harness.js';
import { Rng } from './rng.js';

/** A conformance case: a name, the kernel it covers, and `run(backendName)` giving its checks. */
export interface ConformanceCase {
  name: string;
  /** The kernel covered (`'storage'` for uploads, reads and the dtypes a backend holds). */
  kernel: KernelName | 'storage';
  /** Runs the case on a backend (initialised already) and returns its checks. */
  run(backend: string): Promise<Check[]>;
}

/**
 * A case whose body gets a context with a random stream seeded by the case's name (the same
 * draws on every backend) and whose arrays are disposed when it ends.
 *
 * @example
 * ```ts
 * const c = defineCase('unary abs', 'unary', async (ctx) => [...]);
 * await c.run('cpu');
 * ```
 */
export function defineCase(name: string, kernel: ConformanceCase['kernel'], body: (ctx: CaseContext) => Promise<Check[]>): ConformanceCase {
  return {
    name,
    kernel,
    async run(backend) {
      const ctx: CaseContext = { backend, rng: Rng.fromName(name), reference: backend === 'cpu' ? 'oracle' : 'cpu', arrays: [] };
      try {
        return await body(ctx);
      } finally {
        for (const a of ctx.arrays) a.dispose();
      }
    },
  };
}
