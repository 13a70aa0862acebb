import { allocate, DisposedError, type NdArray, poolSize, runOnPool, type TypedArray, usePool } from '@pandaas/core';
import type { Csr } from '../splitting/types.js';
import { csrIntegrateRows, csrIntegrateRowsAzimuthal, csrStaticSums, prepareFrame, VARIANCE_ARRAY, VARIANCE_NONE, VARIANCE_POISSON } from './cpu-loops.js';
import type { Accumulators, Corrections, Engine } from './engine.js';
import { checkCorrections, frameValues } from './engine-inputs.js';
import { FrameScratch, sharedCorrections } from './shared-arrays.js';
import { LOOP, registerIntegrateLoops } from './pool-loops.js';
import { bandCsr, type BandedCsr, splitRows } from './shared-csr.js';

/** Pixels per prepareFrame task at least (smaller frames are prepared on the calling thread). */
const PREPARE_CHUNK = 1 << 16;

function sharedFloat64(n: number): Float64Array {
  return allocate('float64', n, true) as Float64Array;
}

/** Per-bin arrays of the five sums, on shared memory. */
interface Sums {
  readonly signal: Float64Array;
  readonly variance: Float64Array;
  readonly normalization: Float64Array;
  readonly normalization2: Float64Array;
  readonly count: Float64Array;
}

function sums(rows: number): Sums {
  return { signal: sharedFloat64(rows), variance: sharedFloat64(rows), normalization: sharedFloat64(rows), normalization2: sharedFloat64(rows), count: sharedFloat64(rows) };
}

class CpuEngine implements Engine {
  readonly backend = 'cpu' as const;
  readonly #m: BandedCsr;
  readonly #norm: Float32Array;
  readonly #dark: Float32Array;
  readonly #variance: Float32Array;
  readonly #c: Corrections;
  /** Static per-bin sums: norm, norm^2 and count, dark (as signal) and variance. */
  readonly #static: Sums;
  readonly #out: Sums;
  /** Frames copied here when they are not on shared memory. */
  readonly #scratch = new FrameScratch();
  #last: Promise<unknown> = Promise.resolve();
  #disposed = false;

  constructor(csr: Csr, c: Corrections) {
    checkCorrections(c);
    registerIntegrateLoops();
    this.#c = c;
    ({ norm: this.#norm, dark: this.#dark, variance: this.#variance } = sharedCorrections(c));
    const m = (this.#m = bandCsr(csr, c.invalid));
    this.#static = sums(m.rows);
    // (the azimuthal model sums the norms per frame, in its own update)
    if (c.errorModel !== 'azimuthal') {
      const s = this.#static;
      csrStaticSums(0, m.rows, m.rows, m.bands, m.perBand, m.ptr, m.indices, m.weights, m.unitWeights ? 0 : 1,
        this.#norm, this.#dark, this.#dark.length > 0 ? 1 : 0,
        this.#variance, this.#variance.length > 0 ? 1 : 0, s.normalization, s.normalization2, s.count, s.signal, s.variance);
    }
    this.#out = sums(m.rows);
  }

  run(frame: NdArray): Promise<Accumulators> {
    if (this.#disposed) return Promise.reject(new DisposedError('this CPU integration engine has been disposed'));
    // one frame at a time: the shared outputs are reused
    const job = this.#last.then(() => this.#integrate(frame));
    this.#last = job.catch(() => undefined);
    return job;
  }

  dispose(): void {
    this.#disposed = true;
    this.#scratch.clear();
  }

  async #integrate(frame: NdArray): Promise<Accumulators> {
    const m = this.#m;
    const c = this.#c;
    const o = this.#out;
    const s = this.#static;
    const pooled = usePool(m.nnz, [m.ptr, m.indices, m.weights, this.#norm, o.signal]);
    const raw = await this.#raw(frame, pooled);
    const hasDark = this.#dark.length > 0 ? 1 : 0;
    const azimuthal = c.errorModel === 'azimuthal';
    const mode = c.errorModel === 'poisson' ? VARIANCE_POISSON : c.errorModel === 'variance' ? VARIANCE_ARRAY : VARIANCE_NONE;
    const args = (r0: number, r1: number): unknown[] =>
      azimuthal
        ? [r0, r1, m.rows, m.bands, m.perBand, m.ptr, m.indices, m.weights, m.unitWeights ? 0 : 1, raw, this.#dark, hasDark, this.#norm,
          o.signal, o.variance, o.normalization, o.normalization2, o.count]
        : [r0, r1, m.rows, m.bands, m.perBand, m.ptr, m.indices, m.weights, m.unitWeights ? 0 : 1, raw, this.#dark, hasDark, this.#variance, mode,
          this.#norm, s.normalization, s.normalization2, s.count, s.signal, s.variance,
          o.signal, o.variance, o.normalization, o.normalization2, o.count];
    if (pooled) {
      const name = azimuthal ? LOOP.rowsAzimuthal : LOOP.rows;
      await runOnPool(splitRows(m.rowPtr, poolSize()).map(([r0, r1]) => ({ name, fns: [], args: args(r0, r1) })));
    } else {
      const loop = (azimuthal ? csrIntegrateRowsAzimuthal : csrIntegrateRows) as (...a: unknown[]) => number;
      loop(...args(0, m.rows));
    }
    return {
      signal: o.signal.slice(),
      variance: o.variance.slice(),
      normalization: o.normalization.slice(),
      normalization2: o.normalization2.slice(),
      count: o.count.slice(),
    };
  }

  /**
   * The frame's raw values as the loops read them: with a dummy value, a float32 copy where dummy
   * values are NaN (prepared on the pool when the frame is on shared memory); else the frame's
   * own values, copied onto shared memory when the pool needs them there.
   */
  async #raw(frame: NdArray, pooled: boolean): Promise<TypedArray> {
    const raw = await frameValues(frame, this.#m.cols);
    const c = this.#c;
    if (c.dummy !== undefined) {
      const out = this.#scratch.of('float32', raw.length);
      const deltaDummy = c.deltaDummy ?? 0;
      if (pooled && raw.buffer instanceof SharedArrayBuffer && raw.length >= 2 * PREPARE_CHUNK) {
        const parts = Math.min(poolSize(), Math.floor(raw.length / PREPARE_CHUNK));
        const step = Math.ceil(raw.length / parts);
        const tasks = [];
        for (let p0 = 0; p0 < raw.length; p0 += step) tasks.push({ name: LOOP.prepare, fns: [], args: [p0, Math.min(p0 + step, raw.length), raw, out, c.dummy, deltaDummy] });
        await runOnPool(tasks);
      } else {
        prepareFrame(0, raw.length, raw, out, c.dummy, deltaDummy);
      }
      return out;
    }
    return pooled ? this.#scratch.shared(raw) : raw;
  }
}

/**
 * The CPU integration engine: pyFAI's preprocessing and accumulation over a CSR matrix (rows =
 * bins, columns = pixels, pixels ascending in each row), on every core of the pool. Set up once:
 * the matrix is compacted (statically invalid pixels and zero weights dropped; pixels stored as
 * offsets in their band, 16-bit for bands of 64 Ki pixels or fewer; weights not at all when they
 * are all 1) and regrouped by image bands onto shared memory, and the per-bin sums of the static
 * part (norm, norm^2, count, dark, a given variance) are precomputed. The corrections' arrays are
 * used in place when they are on shared memory (as `buildCorrections` makes them), else copied
 * there. Per frame only the signal (and the Poisson variance) is gathered, band by band (the
 * pixels a pass reads stay in cache), with no test per pixel: bins that met invalid pixels
 * (non-finite, or dummy values, turned into NaN first) come out non-finite and are summed again
 * without them. All sums are float64, each bin's in the order of its pixels.
 *
 * @example
 * ```ts
 * import { createCpuEngine } from '@pandaas/integrate';
 * const engine = createCpuEngine(csr, { norm, invalid, errorModel: 'poisson' });
 * const { signal, normalization } = await engine.run(frame);
 * ```
 */
export function createCpuEngine(csr: Csr, c: Corrections): Engine {
  return new CpuEngine(csr, c);
}
