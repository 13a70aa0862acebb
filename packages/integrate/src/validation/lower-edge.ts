/**
 * The one place where pandaas departs from pyFAI 0.21 on purpose in the validation: the lower end
 * of a range. pyFAI's CSR engines, and its histogram engines `histogram1d_engine` (1D, no
 * splitting) and `histoBBox2d_engine` (2D, bbox), find bins by truncating toward zero, so a pixel
 * whose centre (`no`) or bounding box (`bbox`) ends less than one bin below the lower end of the
 * radial range (2D: or of the azimuthal range) still counts, in the first bin of that axis.
 * pandaas counts only what lies in the range (as pyFAI's `histoBBox1d_engine` and
 * `histogram2d_engine` do).
 *
 * {@link truncationExcess} restates pyFAI's truncating rule, independently of pandaas' splitting
 * code, and returns the count those pixels add to each bin of pyFAI's result: where it is
 * non-zero pyFAI's count must exceed pandaas' by exactly that, and the other fields are not
 * comparable bin for bin (pyFAI's bin holds pixels pandaas' does not).
 *
 * @example
 * ```ts
 * const excess = truncationExcess(ai, { dim: 1, split: 'no', npt: 100, unit: '2th_deg', radialRange: [5, 20] }, valid);
 * // excess[0] = the valid pixels with 2theta in [5 - w, 5), w the bin width
 * ```
 * @module
 */
import type { Geometry } from '../geometry/geometry.js';
import { azimuthalBins, radialBins } from '../splitting/bins.js';
import type { Bins, Split } from '../splitting/types.js';
import type { RadialUnit } from '../units.js';

/** Whether pyFAI 0.21's engine for this dimension, splitting and algorithm truncates bin numbers. */
export function pyfaiTruncates(dim: 1 | 2, split: Split, algorithm: 'histogram' | 'csr'): boolean {
  if (split === 'full') return false; // both full-splitting engines clip or floor
  if (algorithm === 'csr') return true;
  return (dim === 1 && split === 'no') || (dim === 2 && split === 'bbox');
}

/** The integration settings that decide the bins. */
export interface EdgeSettings {
  dim: 1 | 2;
  split: Split;
  /** Radial bins (1D npt, 2D nptRad). */
  npt: number;
  /** Azimuthal bins (2D). */
  nptAzim?: number;
  unit: RadialUnit;
  radialRange?: readonly [number, number];
  /** Degrees, as the integrate options take it. */
  azimuthRange?: readonly [number, number];
}

/**
 * pyFAI's shares of the box [lo, hi] (bin coordinates) in the bins of one axis, with its
 * truncation and end clipping: `[first bin, last bin, first share, middle share, last share]`, or
 * null when pyFAI leaves the pixel out.
 */
function truncatedShares(lo: number, hi: number, count: number): [number, number, number, number, number] | null {
  if (!(hi > -1 && lo < count)) return null;
  const b0 = Math.max(0, Math.trunc(lo));
  const b1 = Math.min(count - 1, Math.trunc(hi));
  if (b0 === b1) return [b0, b1, 1, 1, 1];
  const inv = 1 / (hi - lo);
  return [b0, b1, inv * (b0 + 1 - lo), inv, inv * (hi - b1)];
}

function toBinCoordinates(x: number, d: number, bins: Bins): [number, number] {
  const width = (bins.max - bins.min) / bins.count;
  return [(x - d - bins.min) / width, (x + d - bins.min) / width];
}

/**
 * The count pyFAI's truncation adds to each bin (2D: `ia * npt + ir`) from the `valid` pixels
 * (1 = counted: unmasked, not dummy, finite) that lie below a range by less than one bin; zero
 * everywhere when no range is given or with full splitting. Bins as pandaas makes them (the same
 * as pyFAI's, see splitting/pyfai-fixtures.test.ts). @example see the module
 */
export function truncationExcess(ai: Geometry, s: EdgeSettings, valid: Uint8Array): Float64Array {
  const nAzim = s.dim === 2 ? (s.nptAzim ?? 360) : 1;
  const excess = new Float64Array(s.npt * nAzim);
  const ranged = s.radialRange !== undefined || (s.dim === 2 && s.azimuthRange !== undefined);
  if (s.split === 'full' || !ranged) return excess;
  const box = s.split === 'bbox';
  const center = ai.center(s.unit);
  const delta = box ? ai.delta(s.unit) : undefined;
  const chi = ai.chi();
  const chiDelta = box ? ai.chiDelta() : undefined;
  const px = { center, delta, chi, chiDelta, chiDiscAtZero: ai.chiDiscAtZero };
  const radial = radialBins(px, s.split, s.npt, s.radialRange);
  const azimuthRad = s.azimuthRange?.map((v) => (v * Math.PI) / 180) as [number, number] | undefined;
  const azimuthal = s.dim === 2 ? azimuthalBins(px, s.split, nAzim, azimuthRad) : undefined;
  for (let i = 0; i < center.length; i++) {
    if (valid[i] === 0) continue;
    const [f0, f1] = toBinCoordinates(center[i], box ? delta![i] : 0, radial);
    const r = truncatedShares(f0, f1, s.npt);
    if (r === null) continue;
    if (azimuthal === undefined) {
      if (azimuthRad !== undefined) {
        const d = box ? chiDelta![i] : 0;
        if (chi[i] + d < azimuthRad[0] || chi[i] - d > azimuthRad[1]) continue;
      }
      if (f1 < 0) excess[0] += 1;
      continue;
    }
    const [g0, g1] = toBinCoordinates(chi[i], box ? chiDelta![i] : 0, azimuthal);
    const a = truncatedShares(g0, g1, nAzim);
    if (a === null || !(f1 < 0 || g1 < 0)) continue;
    for (let ia = a[0]; ia <= a[1]; ia++) {
      const wa = ia === a[0] ? a[2] : ia === a[1] ? a[4] : a[3];
      for (let ir = r[0]; ir <= r[1]; ir++) {
        const wr = ir === r[0] ? r[2] : ir === r[1] ? r[4] : r[3];
        excess[ia * s.npt + ir] += wa * wr;
      }
    }
  }
  return excess;
}
