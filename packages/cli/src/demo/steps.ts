/**
 * The demo's steps, each timed, with a line on stderr when it is done.
 *
 * @module
 */
import { InterruptedError } from '../framework/cli-error.js';
import type { TextSink } from '../framework/command.js';

/** How long one step took. */
export interface StepTiming {
  /** The step's name (`read`, `integrate`, `fit`, `compare`, `plot`, `write`). */
  readonly step: string;
  /** What it did, in a few words. */
  readonly detail: string;
  readonly seconds: number;
}

/**
 * Runs steps in turn and records their wall-clock times; checks the abort signal before each.
 *
 * @example
 * ```ts
 * const steps = new Steps(process.stderr, signal);
 * const scan = await steps.run('read', 'NeXus file', () => readScan(path));
 * steps.timings; // [{ step: 'read', detail: 'NeXus file', seconds: 0.28 }]
 * ```
 */
export class Steps {
  readonly #log: TextSink;
  readonly #signal: AbortSignal | undefined;
  readonly #timings: StepTiming[] = [];

  constructor(log: TextSink, signal?: AbortSignal) {
    this.#log = log;
    this.#signal = signal;
  }

  /** The steps done so far, in order. */
  get timings(): readonly StepTiming[] {
    return [...this.#timings];
  }

  /** The total time of the steps done so far, seconds. */
  get total(): number {
    return this.#timings.reduce((sum, t) => sum + t.seconds, 0);
  }

  /** Runs `work` as step `step` and records its time. */
  async run<T>(step: string, detail: string, work: () => T | Promise<T>): Promise<T> {
    if (this.#signal?.aborted) throw new InterruptedError();
    const start = performance.now();
    const result = await work();
    const seconds = (performance.now() - start) / 1000;
    this.#timings.push({ step, detail, seconds });
    this.#log.write(`${step.padEnd(11)} ${formatSeconds(seconds).padStart(8)}  ${detail}\n`);
    return result;
  }
}

/**
 * A duration for people: `0.284 s`, `12.3 s`.
 *
 * @example
 * ```ts
 * formatSeconds(0.28412); // '0.284 s'
 * ```
 */
export function formatSeconds(seconds: number): string {
  return `${seconds < 10 ? seconds.toFixed(3) : seconds.toFixed(1)} s`;
}
