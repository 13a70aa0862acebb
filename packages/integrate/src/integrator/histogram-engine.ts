import { ArgumentError, DisposedError, type NdArray, show } from '@pandaas/core';
import type { Accumulators, Corrections, Engine } from './engine.js';
import { checkCorrections, frameValues } from './engine-inputs.js';
import type { Emit } from '../splitting/types.js';

/**
 * Calls `emit` for every (bin, pixel, weight) contribution: the splitting helpers' visitors.
 *
 * @example
 * ```ts
 * const visit: Visitor = (emit) => visitContributions1d(px, 'no', bins, emit);
 * ```
 */
export type Visitor = (emit: Emit) => void;

class HistogramEngine implements Engine {
  readonly backend = 'cpu' as const;
  readonly #visit: Visitor;
  readonly #bins: number;
  readonly #c: Corrections;
  readonly #pixels: number;
  #disposed = false;

  constructor(visit: Visitor, bins: number, c: Corrections) {
    this.#pixels = checkCorrections(c);
    if (typeof visit !== 'function') throw new ArgumentError(`visit must be a function (emit) => void; got ${show(visit)}`);
    if (!Number.isSafeInteger(bins) || bins < 1) throw new ArgumentError(`bins must be a positive integer; got ${show(bins)}`);
    this.#visit = visit;
    this.#bins = bins;
    this.#c = c;
  }

  async run(frame: NdArray): Promise<Accumulators> {
    if (this.#disposed) throw new DisposedError('this histogram integration engine has been disposed');
    const raw = await frameValues(frame, this.#pixels);
    const n = this.#bins;
    const acc: Accumulators = {
      signal: new Float64Array(n),
      variance: new Float64Array(n),
      normalization: new Float64Array(n),
      normalization2: new Float64Array(n),
      count: new Float64Array(n),
    };
    this.#visit(this.#c.errorModel === 'azimuthal' ? azimuthalEmit(raw, this.#c, acc) : sumsEmit(raw, this.#c, acc));
    return acc;
  }

  dispose(): void {
    this.#disposed = true;
  }
}

/** Whether pixel `p` is valid in this frame: not excluded, finite, not a dummy value. */
function validity(raw: ArrayLike<number>, c: Corrections): (p: number) => boolean {
  const { invalid } = c;
  if (c.dummy === undefined) {
    return (p) => {
      const x = raw[p];
      return invalid[p] === 0 && x - x === 0;
    };
  }
  const dummy = c.dummy;
  const deltaDummy = c.deltaDummy ?? 0;
  return (p) => {
    const x = raw[p];
    return invalid[p] === 0 && x - x === 0 && !(Math.abs(x - dummy) <= deltaDummy);
  };
}

/** Scatters pyFAI's sums: signal, variance (none, poisson, array), norm, norm^2, count. */
function sumsEmit(raw: ArrayLike<number>, c: Corrections, acc: Accumulators): Emit {
  const { signal: sig, variance: vr, normalization: nr, normalization2: nr2, count: cnt } = acc;
  const { norm, variance, dark } = c;
  const mode = c.errorModel === 'poisson' ? 1 : c.errorModel === 'variance' ? 2 : 0;
  const valid = validity(raw, c);
  return (b, p, w) => {
    if (w === 0 || !valid(p)) return;
    const x = raw[p];
    const wn = w * norm[p];
    sig[b] += w * (dark === undefined ? x : x - dark[p]);
    if (mode === 1) vr[b] += w * w * (x > 1 ? x : 1);
    else if (mode === 2) vr[b] += w * w * (variance as Float32Array)[p];
    nr[b] += wn;
    nr2[b] += wn * wn;
    cnt[b] += w;
  };
}

/** pyFAI's single-pass weighted update, per bin, in the order the contributions come. */
function azimuthalEmit(raw: ArrayLike<number>, c: Corrections, acc: Accumulators): Emit {
  const { signal: sig, variance: vr, normalization: nr, normalization2: nr2, count: cnt } = acc;
  const { norm, dark } = c;
  const valid = validity(raw, c);
  return (b, p, w) => {
    if (w === 0 || !valid(p)) return;
    const xs = w * (dark === undefined ? raw[p] : raw[p] - dark[p]);
    const wb = w * norm[p];
    if (cnt[b] === 0) {
      sig[b] = xs;
      nr[b] = wb;
    } else {
      const wa = nr[b];
      const total = wa + wb;
      const delta = wb * sig[b] - wa * xs;
      vr[b] += (delta * delta) / (total * wa * wb);
      sig[b] += xs;
      nr[b] = total;
    }
    nr2[b] += wb * wb;
    cnt[b] += w;
  };
}

/**
 * The histogram integration engine: per frame, a scatter of each (bin, pixel, weight)
 * contribution the `visit` function emits (the splitting code, run again for each frame: nothing
 * is stored but the corrections), with pyFAI's preprocessing of the pixel done on the way. The
 * same sums as the CSR engine, in float64, on the calling thread.
 *
 * @example
 * ```ts
 * const engine = createHistogramEngine((emit) => visitContributions1d(px, 'bbox', bins, {}, emit), bins.count, corrections);
 * const sums = await engine.run(frame);
 * ```
 */
export function createHistogramEngine(visit: Visitor, bins: number, c: Corrections): Engine {
  return new HistogramEngine(visit, bins, c);
}
