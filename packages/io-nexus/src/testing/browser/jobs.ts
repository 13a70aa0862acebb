// What the browser test asks the page to do, what the page answers, and the summary of an array
// that both sides compute with the same code (tests only).
import type { Selection } from '../../h5/selection.js';

/** One dataset read: `values` returns every element (keep it small), else only a summary. */
export interface ReadJob {
  readonly path: string;
  readonly selection?: Selection;
  readonly values?: boolean;
}

/** A job for the page: open the chosen files in a worker and read from them. */
export interface BrowserJob {
  /** The worker's `pluginBaseUrl` (where the `libH5Z*.so` files are served). */
  readonly pluginBaseUrl: string;
  readonly reads: readonly ReadJob[];
  /** Also follow the `@default` chain to an NXdata. */
  readonly defaultPlot?: boolean;
}

/** A summary of an array's elements: equal summaries mean equal elements, in order. */
export interface ArraySummary {
  readonly length: number;
  readonly sum: number;
  /** How many elements are 0xFFFFFFFF (Eiger gap pixels). */
  readonly gaps: number;
  /** FNV-1a over the elements' float64 bit patterns, in order. */
  readonly hash: number;
}

/** The outcome of a {@link ReadJob}: the array, or the error the read gave. */
export type ReadResult =
  | { readonly ok: true; readonly shape: number[]; readonly dtype: string; readonly summary: ArraySummary; readonly values?: number[]; readonly ms: number }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly ms: number };

/** What the page answers to a {@link BrowserJob}. */
export interface BrowserAnswer {
  readonly fileName: string;
  readonly openMs: number;
  readonly reads: ReadResult[];
  readonly defaultPlot?: { chain: string[]; signal?: string; axes: (string | undefined)[]; binEdges: boolean[] };
}

/** Summarises numbers for {@link ArraySummary}; the page and the test run this same function. */
export function summarize(values: ArrayLike<number>): ArraySummary {
  const bits = new Float64Array(1);
  const bytes = new Uint8Array(bits.buffer);
  let hash = 0x811c9dc5;
  let sum = 0;
  let gaps = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v;
    if (v === 0xffffffff) gaps++;
    bits[0] = v;
    for (let b = 0; b < 8; b++) hash = Math.imul(hash ^ bytes[b], 0x01000193);
  }
  return { length: values.length, sum, gaps, hash: hash >>> 0 };
}
