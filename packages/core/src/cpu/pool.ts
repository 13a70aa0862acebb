import { ArgumentError, BackendError, show } from '../errors.js';
import { LOOPS } from './loop-table.js';
import type { LoopFunction } from './specialise.js';
import { workerScript, type PoolReply, type PoolTask } from './worker-script.js';

/** Kernels with at least this much work (elements, or nonzeros for CSR) are split over the pool. */
export const POOL_MIN_ELEMENTS = 65_536;

/** What the pool needs of a worker, in Node (worker_threads) or a browser (Web Worker). */
interface WorkerHandle {
  post(task: PoolTask & { id: number }): void;
  /** Keeps the process alive while the worker has a task (Node); no-op in browsers. */
  ref(): void;
  unref(): void;
  terminate(): Promise<unknown>;
}

interface Job {
  readonly task: PoolTask & { id: number };
  resolve(reply: PoolReply): void;
  reject(err: unknown): void;
}

interface Slot {
  handle?: WorkerHandle;
  job?: Job;
  /** The {@link loopGeneration} its worker was built with: older workers lack loops registered since. */
  readonly generation: number;
}

type Host = 'node' | 'browser';

const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 0;
let configuredSize: number | undefined;
let defaultSize: number | undefined;
let lastRun = { runs: 0, tasks: 0, workers: 0 };
let loopGeneration = 0;

interface HostGlobals {
  process?: { versions?: { node?: string }; getBuiltinModule?: unknown; env?: Record<string, string | undefined> };
  crossOriginIsolated?: boolean;
  Worker?: unknown;
  navigator?: { hardwareConcurrency?: number };
}

/** Where workers can run here: Node (worker_threads), a cross-origin isolated page, or nowhere. */
function host(): Host | undefined {
  const g = globalThis as HostGlobals;
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  if (typeof g.process?.versions?.node === 'string' && typeof g.process.getBuiltinModule === 'function') return 'node';
  if (g.crossOriginIsolated === true && typeof g.Worker === 'function') return 'browser';
  return undefined;
}

function sizeFromEnvironment(): number {
  const g = globalThis as HostGlobals;
  const env = g.process?.env?.PANDAAS_THREADS;
  if (env !== undefined && env.trim() !== '') {
    const n = Number(env);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new ArgumentError(`the environment variable PANDAAS_THREADS must be a positive integer; got ${show(env)}`);
    }
    return n;
  }
  const where = host();
  if (where === 'node') return process.getBuiltinModule('node:os').availableParallelism();
  if (where === 'browser') return g.navigator?.hardwareConcurrency ?? 1;
  return 1;
}

/**
 * The number of worker threads the CPU backend splits large kernels over: `setPoolSize`'s value,
 * else the environment variable `PANDAAS_THREADS`, else the number of cores
 * (`os.availableParallelism()`, `navigator.hardwareConcurrency` in browsers). 1 means every kernel
 * runs on the calling thread. Where workers cannot run (a browser page that is not cross-origin
 * isolated), kernels run on the calling thread whatever the size.
 *
 * @example
 * ```ts
 * import { poolSize } from '@pandaas/core';
 * console.log(poolSize()); // e.g. 8 on an 8-core machine
 * ```
 */
export function poolSize(): number {
  if (configuredSize !== undefined) return configuredSize;
  defaultSize ??= sizeFromEnvironment();
  return defaultSize;
}

/**
 * Sets the number of worker threads of the CPU backend (see {@link poolSize}); `undefined`
 * restores the default. Surplus idle workers stop at once, busy ones when their task ends.
 *
 * @example
 * ```ts
 * import { setPoolSize } from '@pandaas/core';
 * setPoolSize(1); // everything on the calling thread
 * setPoolSize(undefined); // back to PANDAAS_THREADS or the number of cores
 * ```
 */
export function setPoolSize(size: number | undefined): void {
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1)) {
    throw new ArgumentError(`size must be a positive integer (or undefined for the default); got ${show(size)}`);
  }
  configuredSize = size;
  defaultSize = undefined;
  for (const slot of [...slots]) if (slots.length > poolSize() && slot.job === undefined) void retire(slot);
}

/**
 * Whether worker threads can run here (Node, or a cross-origin isolated page).
 *
 * @example
 * ```ts
 * poolAvailable(); // true in Node
 * ```
 */
export function poolAvailable(): boolean {
  return host() !== undefined;
}

/**
 * Whether a kernel with `work` elements over these arrays should run on the pool: enough work,
 * more than one thread, workers available here, and every array on a SharedArrayBuffer.
 *
 * @example
 * ```ts
 * usePool(1_000_000, [x, out]); // true with 2+ threads and shared x, out
 * ```
 */
export function usePool(work: number, arrays: readonly ArrayBufferView[]): boolean {
  if (work < POOL_MIN_ELEMENTS || host() === undefined || poolSize() < 2) return false;
  return arrays.every((a) => a.buffer instanceof SharedArrayBuffer);
}

/**
 * Splits `[0, n)` into at most `parts` consecutive `[start, count]` ranges of nearly equal length,
 * the starts multiples of `align` (so threads do not write the same cache line).
 *
 * @example
 * ```ts
 * splitRange(100, 3, 16); // [[0, 48], [48, 48], [96, 4]]
 * ```
 */
export function splitRange(n: number, parts: number, align = 1): [start: number, count: number][] {
  const ranges: [number, number][] = [];
  const step = Math.ceil(n / parts / align) * align;
  for (let start = 0; start < n; start += step) ranges.push([start, Math.min(step, n - start)]);
  return ranges;
}

/**
 * Adds loops to the table the pool's workers (and the calling thread) run, so that other packages
 * can put their own kernels on the pool with {@link runOnPool}. Each loop must be self-contained
 * (no imports, no outer variables): workers compile its source text. Registering a name again
 * with the same source does nothing; another source under a taken name is an ArgumentError.
 * Workers started before a registration are replaced as they become idle.
 *
 * @example
 * ```ts
 * registerPoolLoops({ 'my-pkg:double': (n, x, out) => { for (let i = 0; i < n; i++) out[i] = 2 * x[i]; } });
 * await runOnPool([{ name: 'my-pkg:double', fns: [], args: [n, x, out] }]);
 * ```
 */
export function registerPoolLoops(loops: Readonly<Record<string, LoopFunction>>): void {
  const table = LOOPS as Record<string, LoopFunction>;
  const fresh = Object.entries(loops ?? {}).filter(([name, fn]) => {
    if (typeof fn !== 'function') throw new ArgumentError(`loops.${name} must be a function; got ${show(fn)}`);
    const known = table[name];
    if (known === undefined) return true;
    if (String(known) !== String(fn)) throw new ArgumentError(`a different pool loop is already registered as ${show(name)}`);
    return false;
  });
  if (fresh.length === 0) return;
  for (const [name, fn] of fresh) table[name] = fn;
  loopGeneration++;
  for (const key of Object.keys(scripts) as Host[]) delete scripts[key];
  for (const slot of [...slots]) if (slot.job === undefined) void retire(slot);
}

/**
 * Runs tasks on the pool's workers (started on first use), one task per worker at a time, and
 * returns each loop's return value in task order.
 *
 * @example
 * ```ts
 * await runOnPool([{ name: 'reduceRow', fns: ['combine:add'], args: [n, x, 1, 0, 0] }]); // [sum]
 * ```
 */
export async function runOnPool(tasks: readonly PoolTask[]): Promise<unknown[]> {
  const replies = await Promise.all(tasks.map((task) => new Promise<PoolReply>((resolve, reject) => {
    queue.push({ task: { ...task, id: nextId++ }, resolve, reject });
    dispatch();
  })));
  lastRun = { runs: lastRun.runs + 1, tasks: replies.length, workers: new Set(replies.map((r) => r.worker)).size };
  return replies.map((r) => r.result);
}

/**
 * How many pool runs there have been, how many tasks the last had, and how many distinct workers
 * (thread ids) answered them.
 *
 * @example
 * ```ts
 * lastPoolRun(); // { runs: 3, tasks: 2, workers: 2 }
 * ```
 */
export function lastPoolRun(): { runs: number; tasks: number; workers: number } {
  return { ...lastRun };
}

/**
 * Stops every worker; queued and running tasks fail. The pool restarts on its next task.
 *
 * @example
 * ```ts
 * await shutdownPool();
 * ```
 */
export async function shutdownPool(): Promise<void> {
  for (const job of queue.splice(0)) job.reject(new BackendError('the CPU pool was shut down before this task ran'));
  await Promise.all([...slots].map((slot) => {
    slot.job?.reject(new BackendError(`the CPU pool was shut down while running ${slot.job.task.name}`));
    slot.job = undefined;
    return retire(slot);
  }));
}

function dispatch(): void {
  while (queue.length > 0) {
    let slot = slots.find((s) => s.job === undefined && s.generation === loopGeneration);
    if (slot === undefined && slots.length < poolSize()) slot = spawn();
    if (slot === undefined) return;
    const job = queue.shift() as Job;
    slot.job = job;
    slot.handle?.ref();
    slot.handle?.post(job.task);
  }
}

const scripts: Partial<Record<Host, string>> = {};

function spawn(): Slot {
  const where = host();
  if (where === undefined) throw new BackendError('the CPU pool cannot start here: no worker_threads and no cross-origin isolated Web Workers');
  const source = (scripts[where] ??= workerScript(LOOPS, where === 'node'));
  const slot: Slot = { generation: loopGeneration };
  const onReply = (reply: PoolReply) => finish(slot, reply);
  const onFail = (err: unknown) => fail(slot, err);
  slot.handle = where === 'node' ? nodeWorker(source, onReply, onFail) : browserWorker(source, String(slots.length), onReply, onFail);
  slots.push(slot);
  return slot;
}

function finish(slot: Slot, reply: PoolReply): void {
  const job = slot.job;
  slot.job = undefined;
  slot.handle?.unref();
  if (reply.error !== undefined) job?.reject(new BackendError(`a CPU pool worker failed in ${job.task.name}: ${reply.error}`));
  else job?.resolve(reply);
  if (slots.length > poolSize() || slot.generation !== loopGeneration) void retire(slot);
  dispatch();
}

function fail(slot: Slot, err: unknown): void {
  if (!slots.includes(slot)) return;
  const job = slot.job;
  slot.job = undefined;
  void retire(slot);
  job?.reject(new BackendError(`a CPU pool worker stopped while running ${job.task.name}`, { cause: err }));
  dispatch();
}

/** Removes a worker from the pool and stops it (its task, if any, is the caller's to settle). */
function retire(slot: Slot): Promise<unknown> {
  const at = slots.indexOf(slot);
  if (at >= 0) slots.splice(at, 1);
  return slot.handle?.terminate() ?? Promise.resolve();
}

function nodeWorker(source: string, onReply: (reply: PoolReply) => void, onFail: (err: unknown) => void): WorkerHandle {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(source, { eval: true });
  worker.unref();
  worker.on('message', onReply);
  worker.on('error', onFail);
  worker.on('exit', (code) => onFail(new Error(`worker exited with code ${code}`)));
  return {
    post: (task) => worker.postMessage(task),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => worker.terminate(),
  };
}

function browserWorker(source: string, name: string, onReply: (reply: PoolReply) => void, onFail: (err: unknown) => void): WorkerHandle {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name });
  worker.onmessage = (event: MessageEvent<PoolReply>) => onReply(event.data);
  worker.onerror = (event: ErrorEvent) => onFail(new Error(event.message));
  return {
    post: (task) => worker.postMessage(task),
    ref: () => undefined,
    unref: () => undefined,
    terminate: async () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
