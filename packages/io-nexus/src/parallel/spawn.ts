import type { Worker } from 'node:worker_threads';
import type { FrameWorkerData } from './messages.js';

/**
 * Starts one decoding worker thread (`frame-worker`) for `data`'s dataset. From the built
 * package it runs `dist/frame-worker.js`; from the TypeScript sources (this repository's tests
 * and benchmarks, under the `@pandaas/source` condition) a small bootstrap first registers tsx's
 * loader in the thread, since a worker does not inherit the loader of the test runner.
 * Node.js builtins are reached through `process.getBuiltinModule`, so browser bundles of this
 * package import none.
 *
 * @example
 * ```ts
 * const worker = spawnFrameWorker({ file: '/data/stack.h5', path: '/entry/data/data', shape: [200, 2167, 2070], read: {} });
 * ```
 */
export function spawnFrameWorker(data: FrameWorkerData): Worker {
  const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './frame-worker.ts' : './frame-worker.js', import.meta.url);
  if (!fromSources) return new WorkerThread(entry, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })
    .catch((err) => setImmediate(() => { throw err; }));`;
  return new WorkerThread(bootstrap, { eval: true, workerData: data, execArgv: ['--conditions=@pandaas/source'] });
}
