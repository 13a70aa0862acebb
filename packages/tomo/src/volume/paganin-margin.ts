/**
 * How many detector rows above and below a slab the Paganin filter needs (the slab's margins).
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import type { PaganinOptions } from '../preprocess/paganin.js';
import { checkNumber, checkOptions } from '../sinogram/arrays.js';

/** hc in keV·µm (as the Paganin filter): λ[µm] = 1.23984199e-3 / E[keV]. */
const HC_KEV_MICRON = 1.23984199e-3;

/** The weight below which the filter's tail is left out: margins of ln(1e4) ≈ 9.2 decay lengths. */
const NEGLIGIBLE = 1e-4;

/**
 * The margin, in detector rows, that a slab of rows needs above and below for the Paganin filter
 * to give (nearly) what it gives on the whole radio. The filter `1 / (1 + a·|k|²)`,
 * `a = π·λ·D·(δ/β)` (µm², k in cycles/µm), is in real space a kernel decaying as
 * `exp(−|x| / ℓ)` with `ℓ = √a / (2π)` µm; rows further than `ln(1e4)·ℓ` (≈ 9.2 ℓ) weigh less
 * than 1e-4 of the nearest, so the margin is `ceil(9.21·ℓ / vertical pixel size)` rows (at
 * least 1).
 *
 * @example
 * ```ts
 * import { paganinMargin } from '@pandaas/tomo';
 * paganinMargin({ deltaBeta: 100, energy: 20, distance: 0.5, pixelSize: 1e-6 }); // 145
 * ```
 */
export function paganinMargin(options: Omit<PaganinOptions, 'log' | 'padding'>): number {
  const o = checkOptions(options, 'options');
  const deltaBeta = checkNumber(o.deltaBeta, 'options.deltaBeta', { min: 0, exclusiveMin: true });
  const energy = checkNumber(o.energy, 'options.energy', { min: 0, exclusiveMin: true });
  const distance = checkNumber(o.distance, 'options.distance', { min: 0 });
  const size = o.pixelSize;
  let vertical: number;
  if (Array.isArray(size)) {
    if (size.length !== 2) throw new ArgumentError(`options.pixelSize must be a number or [horizontal, vertical]; got ${show(size)}`);
    checkNumber(size[0], 'options.pixelSize[0]', { min: 0, exclusiveMin: true });
    vertical = checkNumber(size[1], 'options.pixelSize[1]', { min: 0, exclusiveMin: true });
  } else {
    vertical = checkNumber(size, 'options.pixelSize', { min: 0, exclusiveMin: true });
  }
  const a = Math.PI * (HC_KEV_MICRON / energy) * (distance * 1e6) * deltaBeta;
  const decay = Math.sqrt(a) / (2 * Math.PI) / (vertical * 1e6);
  return Math.max(1, Math.ceil(Math.log(1 / NEGLIGIBLE) * decay));
}
