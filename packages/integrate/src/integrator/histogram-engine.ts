import { allocate, ArgumentError, DisposedError, type NdArray, onShared, poolSize, runOnPool, ShapeError, show, type TypedArray, usePool } from '@pandaas/core';
import type { Bins, Emit, Pixels1d, Split } from '../splitting/types.js';
import { check1d, check2d, runSplit, type SplitCall, splitCall1d, splitCall2d } from '../splitting/visit.js';
import { mergeChunks, scatterAzimuthal, scatterSums, type ScatterState, VARIANCE_ARRAY, VARIANCE_NONE, VARIANCE_POISSON } from './cpu-loops.js';
import type { Accumulators, Corrections, Engine } from './engine.js';
import { checkCorrections, frameValues } from './engine-inputs.js';
import { LOOP, registerIntegrateLoops } from './pool-loops.js';
import { FrameScratch, sharedCorrections } from './shared-arrays.js';

/**
 * Calls `emit` for every (bin, pixel, weight) contribution: a splitting of the caller's own.
 *
 * @example
 * ```ts
 * const visit: Visitor = (emit) => visitContributions1d(px, 'no', bins, emit);
 * ```
 */
export type Visitor = (emit: Emit) => void;

/**
 * One of pandaas' splittings, for {@link createHistogramEngine}: the per-pixel positions, the
 * splitting mode and the bins, as `visitContributions1d` (without `azimuthal`) or
 * `visitContributions2d` (with it) take them.
 *
 * @example
 * ```ts
 * const s: HistogramSplitting = { pixels: { center, delta, mask }, split: 'bbox', radial: radialBins(px, 'bbox', 1000) };
 * ```
 */
export interface HistogramSplitting {
  readonly pixels: Pixels1d;
  readonly split: Split;
  readonly radial: Bins;
  /** 2D: the azimuthal bins (bin `ia * radial.count + ir`). */
  readonly azimuthal?: Bins;
  /** 1D: only the pixels whose chi meets this range (radians), as `visitContributions1d`'s option. */
  readonly azimuthRange?: readonly [number, number];
}

/** Pixels per chunk: each chunk scatters into accumulators of its own. */
const CHUNK_PIXELS = 1 << 18;
/** Bytes of per-chunk accumulators at most (2D histograms have many bins: fewer chunks). */
const ACCUMULATOR_BYTES = 64 << 20;

/** The chunks of `pixels` pixels into `bins` bins, as [i0, i1) ranges: the same whatever the pool size. */
function chunksOf(pixels: number, bins: number): [number, number][] {
  const byMemory = Math.max(1, Math.floor(ACCUMULATOR_BYTES / (40 * bins)));
  const count = Math.max(1, Math.min(Math.ceil(pixels / CHUNK_PIXELS), byMemory));
  const step = Math.ceil(pixels / count);
  const ranges: [number, number][] = [];
  for (let i0 = 0; i0 < pixels; i0 += step) ranges.push([i0, Math.min(i0 + step, pixels)]);
  return ranges;
}

/** Fresh accumulators of `bins` bins (on shared memory when the pool writes them). */
function accumulators(bins: number, shared: boolean): Accumulators {
  return {
    signal: allocate('float64', bins, shared),
    variance: allocate('float64', bins, shared),
    normalization: allocate('float64', bins, shared),
    normalization2: allocate('float64', bins, shared),
    count: allocate('float64', bins, shared),
  };
}

/** Bins x chunks from which the merge runs on the pool. */
const POOL_MERGE = 1 << 18;

/**
 * The five sums of `chunks` blocks of accumulators, merged block after block into fresh arrays
 * (the blocks set back to 0), split over the pool when `pooled` and large.
 */
async function merged(acc: Float64Array, bins: number, chunks: number, azimuthal: boolean, pooled: boolean): Promise<Accumulators> {
  const onPool = pooled && bins * chunks >= POOL_MERGE;
  const out = accumulators(bins, onPool);
  const args = (b0: number, b1: number) => [b0, b1, bins, chunks, acc, azimuthal ? 1 : 0, out.signal, out.variance, out.normalization, out.normalization2, out.count];
  if (onPool) {
    const parts = poolSize();
    await runOnPool(Array.from({ length: parts }, (_, k) => ({ name: LOOP.merge, fns: [], args: args(Math.floor((bins * k) / parts), Math.floor((bins * (k + 1)) / parts)) })));
  } else {
    mergeChunks(...(args(0, bins) as Parameters<typeof mergeChunks>));
  }
  return out;
}

/** The scatter state of the frame `raw` into `acc`, the corrections' arrays as the loops read them. */
function scatterState(raw: TypedArray, c: Corrections, norm: Float32Array, dark: Float32Array, variance: Float32Array, acc: Float64Array): ScatterState {
  return {
    raw,
    norm,
    dark,
    hasDark: dark.length > 0 ? 1 : 0,
    variance,
    mode: c.errorModel === 'poisson' ? VARIANCE_POISSON : c.errorModel === 'variance' ? VARIANCE_ARRAY : VARIANCE_NONE,
    dummy: c.dummy ?? 0,
    deltaDummy: c.deltaDummy ?? 0,
    hasDummy: c.dummy === undefined ? 0 : 1,
    acc,
  };
}

/** What both histogram engines share: corrections on shared memory, frames one after the other. */
abstract class HistogramBase implements Engine {
  readonly backend = 'cpu' as const;
  protected readonly c: Corrections;
  protected readonly pixels: number;
  protected readonly bins: number;
  protected readonly norm: Float32Array;
  protected readonly dark: Float32Array;
  protected readonly variance: Float32Array;
  #last: Promise<unknown> = Promise.resolve();
  #disposed = false;

  constructor(c: Corrections, pixels: number, bins: number) {
    this.c = c;
    this.pixels = pixels;
    this.bins = bins;
    ({ norm: this.norm, dark: this.dark, variance: this.variance } = sharedCorrections(c));
  }

  run(frame: NdArray): Promise<Accumulators> {
    if (this.#disposed) return Promise.reject(new DisposedError('this histogram integration engine has been disposed'));
    // one frame at a time: the accumulators are reused
    const job = this.#last.then(() => this.integrate(frame));
    this.#last = job.catch(() => undefined);
    return job;
  }

  dispose(): void {
    this.#disposed = true;
  }

  protected abstract integrate(frame: NdArray): Promise<Accumulators>;
}

/** pandaas' splittings, run again for each frame over fixed chunks of pixels, on the pool's workers. */
class SplittingHistogram extends HistogramBase {
  readonly #call: SplitCall;
  readonly #chunks: [number, number][];
  /** `chunks` blocks of 5 float64 per bin. */
  readonly #acc: Float64Array;
  /** Whether `#acc` may hold sums of a frame that failed. */
  #dirty = false;
  readonly #scratch = new FrameScratch();

  constructor(s: HistogramSplitting, c: Corrections) {
    const pixels = checkCorrections(c);
    if (s === null || typeof s !== 'object') throw new ArgumentError(`splitting must be a HistogramSplitting object { pixels, split, radial }; got ${show(s)}`);
    const { pixels: px, split, radial, azimuthal } = s;
    let n: number;
    let bins: number;
    let azimuth: [number, number] | undefined;
    if (azimuthal === undefined) {
      ({ pixels: n, azimuth } = check1d(px, split, radial, s.azimuthRange === undefined ? {} : { azimuthRange: s.azimuthRange }));
      bins = radial.count;
    } else {
      if (s.azimuthRange !== undefined) throw new ArgumentError('splitting.azimuthRange is for 1D histograms: a 2D one takes its azimuthal bins');
      n = check2d(px, split, radial, azimuthal);
      bins = radial.count * azimuthal.count;
    }
    if (n !== pixels) throw new ShapeError(`splitting.pixels must hold the ${pixels} pixels of the corrections; got ${n}`);
    super(c, pixels, bins);
    registerIntegrateLoops();
    // the statically invalid pixels are left out by the splitting itself
    const mask = allocate('uint8', pixels, true);
    mask.set(c.invalid);
    if (px.mask !== undefined) for (let p = 0; p < pixels; p++) mask[p] |= px.mask[p];
    const shared: Pixels1d = {
      center: onShared(px.center),
      ...(px.delta === undefined || split !== 'bbox' ? {} : { delta: onShared(px.delta) }),
      ...(px.corners === undefined || split !== 'full' ? {} : { corners: onShared(px.corners) }),
      ...(px.chi === undefined || split === 'full' ? {} : { chi: onShared(px.chi) }),
      ...(px.chiDelta === undefined || split !== 'bbox' ? {} : { chiDelta: onShared(px.chiDelta) }),
      mask,
      ...(px.chiDiscAtZero === undefined ? {} : { chiDiscAtZero: px.chiDiscAtZero }),
    };
    this.#call = azimuthal === undefined ? splitCall1d(shared, split, radial, azimuth, false) : splitCall2d(shared, split, radial, azimuthal);
    this.#chunks = chunksOf(pixels, bins);
    this.#acc = allocate('float64', this.#chunks.length * 5 * bins, true);
  }

  override dispose(): void {
    super.dispose();
    this.#scratch.clear();
  }

  protected async integrate(frame: NdArray): Promise<Accumulators> {
    const values = await frameValues(frame, this.pixels);
    const pooled = usePool(this.pixels, [this.#acc]);
    const raw = pooled ? this.#scratch.shared(values) : values;
    const azimuthal = this.c.errorModel === 'azimuthal';
    const acc = this.#acc;
    const block = 5 * this.bins;
    // the merge leaves the accumulators at 0; a frame that failed half-way did not
    if (this.#dirty) acc.fill(0);
    this.#dirty = true;
    const state = (k: number) => scatterState(raw, this.c, this.norm, this.dark, this.variance, acc.subarray(k * block, (k + 1) * block));
    const call = this.#call;
    if (pooled) {
      const fns = [azimuthal ? LOOP.scatterAzimuthal : LOOP.scatterSums, ...HELPERS[call.loop]];
      await runOnPool(this.#chunks.map(([i0, i1], k) => ({ name: LOOP[call.loop], fns, args: [i0, i1, ...call.args, state(k)] })));
    } else {
      const scatter = azimuthal ? scatterAzimuthal : scatterSums;
      this.#chunks.forEach(([i0, i1], k) => runSplit(call, i0, i1, state(k), scatter));
    }
    const out = await merged(acc, this.bins, this.#chunks.length, azimuthal, pooled);
    this.#dirty = false;
    return out;
  }
}

/** The pool names of the helper functions each splitting loop takes after its `put`. */
const HELPERS: Record<SplitCall['loop'], readonly string[]> = {
  bbox1d: [],
  bbox2d: [LOOP.axisSpan],
  full1d: [LOOP.recenter, LOOP.stripAreas],
  full2d: [LOOP.recenter, LOOP.columnFill],
};

/** A caller's visitor, run on the calling thread. */
class VisitorHistogram extends HistogramBase {
  readonly #visit: Visitor;
  readonly #acc: Float64Array;
  /** The frame being integrated. */
  #state: ScatterState | undefined;
  /** One callback for every frame (a call site that always meets the same function is inlined). */
  readonly #emit: Emit;

  constructor(visit: Visitor, bins: number, c: Corrections) {
    const pixels = checkCorrections(c);
    if (typeof visit !== 'function') throw new ArgumentError(`visit must be a function (emit) => void; got ${show(visit)}`);
    if (!Number.isSafeInteger(bins) || bins < 1) throw new ArgumentError(`bins must be a positive integer; got ${show(bins)}`);
    super(c, pixels, bins);
    this.#visit = visit;
    this.#acc = new Float64Array(5 * bins);
    const invalid = c.invalid;
    const scatter = c.errorModel === 'azimuthal' ? scatterAzimuthal : scatterSums;
    this.#emit = (bin, pixel, weight) => {
      if (invalid[pixel] === 0) scatter(this.#state as ScatterState, bin, pixel, weight);
    };
  }

  protected async integrate(frame: NdArray): Promise<Accumulators> {
    const raw = await frameValues(frame, this.pixels);
    const acc = this.#acc;
    acc.fill(0);
    this.#state = scatterState(raw, this.c, this.norm, this.dark, this.variance, acc);
    try {
      this.#visit(this.#emit);
    } finally {
      this.#state = undefined;
    }
    return merged(acc, this.bins, 1, this.c.errorModel === 'azimuthal', false);
  }
}

/**
 * The histogram integration engine of a splitting: per frame, pyFAI's preprocessing of each pixel
 * and a scatter of its shares into the bins, the splitting computed again for each frame (nothing
 * is stored but the corrections: pyFAI's `histogram` algorithm), with the same float64 sums as
 * the CSR engine.
 *
 * Given a {@link HistogramSplitting} (one of pandaas' splittings), the pixels are cut into fixed
 * chunks (about 256 Ki pixels, fewer for 2D histograms with many bins), each scattered into
 * accumulators of its own on the core pool's workers (the per-pixel positions are copied once to
 * shared memory unless they are there already), then merged chunk after chunk: the result does not
 * depend on the number of threads, bit for bit, and differs from a single pass over all the
 * pixels by rounding only. Given a {@link Visitor} (a splitting of the caller's: it calls `emit`
 * for each contribution) and the number of bins, the scatter runs on the calling thread.
 *
 * @example
 * ```ts
 * const engine = createHistogramEngine({ pixels: px, split: 'bbox', radial: bins }, corrections);
 * const sums = await engine.run(frame);
 * const custom = createHistogramEngine((emit) => visitContributions1d(px, 'bbox', bins, emit), bins.count, corrections);
 * ```
 */
export function createHistogramEngine(splitting: HistogramSplitting, c: Corrections): Engine;
export function createHistogramEngine(visit: Visitor, bins: number, c: Corrections): Engine;
export function createHistogramEngine(source: HistogramSplitting | Visitor, binsOrCorrections: number | Corrections, c?: Corrections): Engine {
  if (typeof source === 'function' || typeof binsOrCorrections === 'number') return new VisitorHistogram(source as Visitor, binsOrCorrections as number, c as Corrections);
  return new SplittingHistogram(source, binsOrCorrections);
}
