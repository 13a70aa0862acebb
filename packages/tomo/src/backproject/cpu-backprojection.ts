/**
 * The CPU backprojection: tiles of the image on all cores through core's pool.
 * @module
 */
import { allocate, isShared, poolSize, runOnPool, usePool, type PoolTask } from '@pandaas/core';
import { addQuarterTurn, backprojectTilesWasm } from './cpu-loop-wasm.js';
import { backprojectTiles } from './cpu-loop.js';
import type { Geometry } from './geometry.js';
import { BACKPROJECT_LOOP, registerBackprojectLoops } from './pool-loops.js';
import { WASM_TILE, backprojectWasm } from './wasm-kernel.js';

/** The side of the square tiles the CPU accumulates (64 × 64 float64 × 4 channels = 128 KiB at most). */
export const TILE = WASM_TILE;

/** Pool tasks per worker: more than one, so that a worker slowed by other load gets fewer tiles. */
const TASKS_PER_WORKER = 4;

/** The WebAssembly kernel's bytes, or undefined where WebAssembly SIMD is not available. */
let wasmBytes: Uint8Array<ArrayBuffer> | undefined | null = null;

function kernelBytes(): Uint8Array<ArrayBuffer> | undefined {
  if (wasmBytes === null) {
    const bytes = backprojectWasm();
    wasmBytes = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? bytes : undefined;
  }
  return wasmBytes;
}

/**
 * Whether the angles come in pairs a quarter turn apart: an even count with
 * `θ[a + n/2] = θ[a] + π/2` (within 1e-12 rad) for every `a < n/2` — as n evenly spaced angles
 * over [0, π) are. The CPU backprojector then runs the second half with the first half's
 * cos/sin on the image turned a quarter, sharing each interpolation position between the two.
 *
 * @example
 * ```ts
 * quarterTurnSymmetric(Float64Array.from({ length: 180 }, (_, i) => (i * Math.PI) / 180)); // true
 * ```
 */
export function quarterTurnSymmetric(angles: Float64Array): boolean {
  const n = angles.length;
  if (n < 2 || n % 2 !== 0) return false;
  for (let a = 0; a < n / 2; a++) if (Math.abs(angles[a + n / 2] - angles[a] - Math.PI / 2) > 1e-12) return false;
  return true;
}

/**
 * The CPU engine of the backprojector for one geometry: the cos/sin of the angles computed once,
 * the image cut in {@link TILE}-pixel tiles shared out over the pool's workers, accumulated by
 * the WebAssembly kernel (the JavaScript loop where WebAssembly SIMD is missing), angle sets
 * symmetric under a quarter turn in two channels (see {@link quarterTurnSymmetric}).
 *
 * @example
 * ```ts
 * const cpu = new CpuBackprojection(geometry);
 * await cpu.run(sino, nSlices, Math.PI / (2 * geometry.nAngles), out);
 * ```
 */
export class CpuBackprojection {
  readonly geometry: Geometry;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #halves: number;
  #rotated: Float32Array = new Float32Array(0);

  constructor(geometry: Geometry) {
    this.geometry = geometry;
    this.#cos = geometry.angles.map(Math.cos);
    this.#sin = geometry.angles.map(Math.sin);
    this.#halves = quarterTurnSymmetric(geometry.angles) ? 2 : 1;
  }

  /**
   * Backprojects `nSlices` sinograms from `sino` (`[nSlices, nAngles, nDet]` followed by at least
   * one more value, which is read times 0) into `out` (`[nSlices, size, size]`), times `scale`.
   * Trusts its inputs.
   *
   * @example
   * ```ts
   * await cpu.run(sino, 2, 1, out);
   * ```
   */
  async run(sino: Float32Array, nSlices: number, scale: number, out: Float32Array): Promise<void> {
    const g = this.geometry;
    const wasm = kernelBytes();
    const halves = wasm === undefined ? 1 : this.#halves;
    const width = g.size + (halves === 2 ? Math.round(2 * g.imageCenter) - (g.size - 1) : 0);
    const tiles = Math.ceil(width / TILE) * Math.ceil(g.size / TILE);
    const radius = g.circle ? Math.floor(g.size / 2) : -1;
    const pooled = poolSize() > 1 && tiles > 1 && usePool(nSlices * g.nAngles * g.size * g.size, [sino]);
    const target = pooled && !isShared(out) ? allocate('float32', nSlices * g.size * g.size, true) : out;
    if (halves === 2 && this.#rotated.length < nSlices * g.size * width) this.#rotated = allocate('float32', nSlices * g.size * width, true);
    const rotated = this.#rotated;
    const args = (first: number, count: number): unknown[] => {
      const common = [first, count, g.size, TILE, nSlices, g.nAngles, g.nDet, sino, this.#cos, this.#sin, g.center, g.imageCenter, scale, radius, target];
      return wasm === undefined ? common : [...common, halves, rotated, wasm];
    };
    const name = wasm === undefined ? BACKPROJECT_LOOP.tiles : BACKPROJECT_LOOP.tilesWasm;
    if (!pooled) {
      if (wasm === undefined) backprojectTiles(...(args(0, tiles) as Parameters<typeof backprojectTiles>));
      else backprojectTilesWasm(...(args(0, tiles) as Parameters<typeof backprojectTilesWasm>));
      if (halves === 2) addQuarterTurn(0, g.size, g.size, nSlices, g.imageCenter, target, rotated);
    } else {
      registerBackprojectLoops();
      await runOnPool(split(tiles, poolSize() * TASKS_PER_WORKER).map(([first, count]) => ({ name, fns: [], args: args(first, count) })));
      if (halves === 2) {
        const tasks: PoolTask[] = split(g.size, poolSize()).map(([first, count]) => ({
          name: BACKPROJECT_LOOP.quarterTurn,
          fns: [],
          args: [first, count, g.size, nSlices, g.imageCenter, target, rotated],
        }));
        await runOnPool(tasks);
      }
    }
    if (target !== out) out.set(target.subarray(0, nSlices * g.size * g.size));
  }
}

/** `[0, n)` in at most `parts` consecutive `[first, count]` ranges. */
function split(n: number, parts: number): [number, number][] {
  const step = Math.ceil(n / Math.min(n, parts));
  const ranges: [number, number][] = [];
  for (let first = 0; first < n; first += step) ranges.push([first, Math.min(step, n - first)]);
  return ranges;
}
