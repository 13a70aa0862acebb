import { describe, expect, it } from 'vitest';
import { Detector, type DetectorOrientation } from '../detectors/detector.js';
import { detectorFactory } from '../detectors/registry.js';
import { Geometry } from './geometry.js';

/**
 * pyFAI 0.21 predates the PONI 2.1 orientations, so they are validated by image flips against
 * orientation 3 (pyFAI's native one), following pyFAI 2024's definition: orientation 2 flips the
 * rows (origin top-left seen from the sample), 4 the columns, 1 both. Pixel [i, j] of an image
 * in orientation o is pixel [i', j'] of the same image flipped to orientation 3, and must have the
 * very same (bit-identical) 2θ, χ, q, r, solid angle, polarization and widths; its corners are
 * those of [i', j'] relabelled (a flip swaps A/B and C/D, or A/D and B/C).
 */
const ROWS = 11;
const COLS = 16;
const params = { dist: 0.05, poni1: 0.004, poni2: 0.0061, rot1: 0.3, rot2: -0.45, rot3: 1.3, wavelength: 0.8e-10 };
const native = new Geometry({ ...params, detector: Detector.generic({ pixel1: 5.5e-4, pixel2: 7.5e-4, shape: [ROWS, COLS] }) });

const FLIPS: Record<1 | 2 | 4, { rows: boolean; cols: boolean; corners: number[] }> = {
  // corner n of the flipped pixel is corner FLIPS[o].corners[n] of the native pixel
  1: { rows: true, cols: true, corners: [2, 3, 0, 1] },
  2: { rows: true, cols: false, corners: [1, 0, 3, 2] },
  4: { rows: false, cols: true, corners: [3, 2, 1, 0] },
};

function nativeIndex(o: 1 | 2 | 4, i: number, j: number): number {
  const f = FLIPS[o];
  return (f.rows ? ROWS - 1 - i : i) * COLS + (f.cols ? COLS - 1 - j : j);
}

describe('detector orientations (PONI 2.1)', () => {
  for (const o of [1, 2, 4] as const) {
    describe(`orientation ${o}`, () => {
      const geo = native.with({ detector: native.detector.withOrientation(o) });

      it('gives every pixel the values of its flipped pixel in orientation 3', () => {
        const arrays: [string, (g: Geometry) => Float64Array][] = [
          ['2θ', (g) => g.twoTheta()],
          ['χ', (g) => g.chi()],
          ['q', (g) => g.q()],
          ['r', (g) => g.r()],
          ['solid angle', (g) => g.solidAngle()],
          ['polarization', (g) => g.polarization(0.7, 0.2)],
          ['2θ delta', (g) => g.delta('2th_deg')],
          ['d*² delta', (g) => g.delta('d*2_A^-2')],
          ['χ delta', (g) => g.chiDelta()],
        ];
        for (const [name, of] of arrays) {
          const flipped = of(geo);
          const reference = of(native);
          for (let i = 0; i < ROWS; i++) {
            for (let j = 0; j < COLS; j++) {
              if (flipped[i * COLS + j] !== reference[nativeIndex(o, i, j)]) {
                expect.fail(`${name}[${i}, ${j}] = ${flipped[i * COLS + j]}, flipped pixel has ${reference[nativeIndex(o, i, j)]}`);
              }
            }
          }
        }
      });

      it('relabels the corners of the flipped pixel', () => {
        for (const unit of ['q_nm^-1', 'd*2_A^-2'] as const) {
          const flipped = geo.corners(unit);
          const reference = native.corners(unit);
          for (let i = 0; i < ROWS; i++) {
            for (let j = 0; j < COLS; j++) {
              for (let n = 0; n < 4; n++) {
                const a = ((i * COLS + j) * 4 + n) * 2;
                const b = (nativeIndex(o, i, j) * 4 + FLIPS[o].corners[n]) * 2;
                expect([flipped[a], flipped[a + 1]]).toEqual([reference[b], reference[b + 1]]);
              }
            }
          }
        }
      });

      it('writes and reads its orientation in PONI 2.1', () => {
        const text = geo.toPoni();
        expect(text).toContain(`"orientation": ${o}`);
        expect(Geometry.fromPoni(text).detector.orientation).toBe(o);
        expect(() => geo.toPoni(2)).toThrow(/PONI v2 cannot store orientation/);
      });
    });
  }

  it('changes nothing but the orientation of a named detector', () => {
    const det = detectorFactory('Pilatus100k', { orientation: 2 });
    expect(det.orientation).toBe(2);
    expect(det.mask()).toEqual(detectorFactory('Pilatus100k').mask());
    expect(det.withOrientation(3 as DetectorOrientation).config()).toEqual({ orientation: 3 });
  });

  it('rejects the transposed and rotated orientations 5-8, which pyFAI does not support', () => {
    for (const o of [5, 6, 7, 8]) {
      expect(() => native.detector.withOrientation(o as DetectorOrientation)).toThrow(/transposed or rotated/);
    }
    expect(() => detectorFactory('Eiger4M', { orientation: 9 })).toThrow(/orientation must be an EXIF orientation 1, 2, 3 or 4; got 9/);
  });
});
