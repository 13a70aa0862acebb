import { createSpecialiser, type LoopFunction, type Specialiser } from './specialise.js';

/** A task for a pool worker: run loop `name` with `args`, then the element functions `fns`. */
export interface PoolTask {
  /** A name in the loop table. */
  readonly name: string;
  /** Names of the element functions the loop takes last. */
  readonly fns: readonly string[];
  /** The loop's arguments: numbers, booleans and typed arrays (SharedArrayBuffer-backed where written). */
  readonly args: readonly unknown[];
}

/** What a worker answers: the loop's return value (or an error), and which worker ran it. */
export interface PoolReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
  readonly worker: number | string;
}

/**
 * The body of a pool worker: answers each `{id, name, fns, args}` message by running the
 * specialised loop. Self-contained: it runs as source text inside the worker.
 *
 * @example
 * ```ts
 * serveTasks(specialise, (handle) => parentPort.on('message', handle), (reply) => parentPort.postMessage(reply), threadId);
 * ```
 */
export function serveTasks(
  specialise: Specialiser,
  listen: (handle: (task: PoolTask & { id: number }) => void) => void,
  post: (reply: PoolReply) => void,
  worker: number | string,
): void {
  listen((task) => {
    try {
      const k = specialise(task.name, task.fns, task.args);
      const result: unknown = k.run(...task.args, ...k.fns);
      post({ id: task.id, result, worker });
    } catch (err) {
      post({ id: task.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err), worker });
    }
  });
}

/**
 * The source of a pool worker: the specialiser and {@link serveTasks}, from their own source
 * text, over the source text of every loop — so it works from the TypeScript sources (vitest) and
 * from the bundled dist alike, and needs no file of its own. `node` selects `worker_threads`
 * messaging (an `eval: true` worker), otherwise a Web Worker's.
 *
 * @example
 * ```ts
 * new Worker(workerScript(LOOPS, true), { eval: true });
 * ```
 */
export function workerScript(loops: Readonly<Record<string, LoopFunction>>, node: boolean): string {
  const sources = Object.fromEntries(Object.entries(loops).map(([name, fn]) => [name, String(fn)]));
  const wire = node
    ? `const { parentPort, threadId } = require('node:worker_threads');
serveTasks(specialise, (handle) => parentPort.on('message', handle), (reply) => parentPort.postMessage(reply), threadId);`
    : `serveTasks(specialise, (handle) => { self.onmessage = (event) => handle(event.data); }, (reply) => self.postMessage(reply), self.name);`;
  return `'use strict';
const __name = (fn) => fn; // esbuild's keepNames helper, where the sources came through it
const createSpecialiser = ${String(createSpecialiser)};
const serveTasks = ${String(serveTasks)};
const specialise = createSpecialiser(${JSON.stringify(sources)});
${wire}
`;
}
