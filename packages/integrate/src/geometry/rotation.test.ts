import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { manifest } from '../testing/geometry-fixture.js';
import { rotationMatrix, rotationQuaternion, rotationsFromQuaternion } from './rotation.js';

// pyFAI's own test_geometry.py TestFastPath prints these (8 digits) for its first pathological geometry.
const FASTPATH_1 = { rot1: 0.20918568578536278, rot2: 0.42161920581114365, rot3: 0.38784171093239983 };
const FASTPATH_1_MATRIX = [0.84465919, -0.29127499, -0.44912107, 0.34507215, 0.93768707, 0.04084325, 0.4092384, -0.1894778, 0.89253689];
const FASTPATH_1_QUATERNION = [0.95849924, -0.06007335, -0.2238811, 0.16597487];

describe('rotations', () => {
  it('match the matrix and quaternion pyFAI’s tests publish', () => {
    const { rot1, rot2, rot3 } = FASTPATH_1;
    rotationMatrix(rot1, rot2, rot3).forEach((v, k) => expect(v).toBeCloseTo(FASTPATH_1_MATRIX[k], 8));
    rotationQuaternion(rot1, rot2, rot3).forEach((v, k) => expect(v).toBeCloseTo(FASTPATH_1_QUATERNION[k], 8));
  });

  it('are orthonormal, and the quaternion turns back into the rotations', () => {
    for (const { params } of manifest.cases) {
      const m = rotationMatrix(params.rot1, params.rot2, params.rot3);
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const dot = m[3 * a] * m[3 * b] + m[3 * a + 1] * m[3 * b + 1] + m[3 * a + 2] * m[3 * b + 2];
          expect(dot).toBeCloseTo(a === b ? 1 : 0, 14);
        }
      }
      const back = rotationsFromQuaternion(rotationQuaternion(params.rot1, params.rot2, params.rot3));
      expect(back[0]).toBeCloseTo(params.rot1, 13);
      expect(back[1]).toBeCloseTo(params.rot2, 13);
      expect(back[2]).toBeCloseTo(params.rot3, 13);
    }
  });

  it('move the PONI as pyFAI’s left-handed rot1 and rot2 do', () => {
    // t = R·(0, 0, L): rot2 alone gives t1 = -L·sin(rot2), rot1 alone t2 = L·sin(rot1)
    const poni = (m: readonly number[]): number[] => [m[2], m[5], m[8]];
    poni(rotationMatrix(0, 0.3, 0)).forEach((v, k) => expect(v).toBeCloseTo([-Math.sin(0.3), 0, Math.cos(0.3)][k], 15));
    poni(rotationMatrix(0.3, 0, 0)).forEach((v, k) => expect(v).toBeCloseTo([0, Math.sin(0.3), Math.cos(0.3)][k], 15));
    poni(rotationMatrix(0, 0, 0.3)).forEach((v, k) => expect(v).toBeCloseTo([0, 0, 1][k], 15));
  });

  it('reject non-finite angles and bad quaternions', () => {
    expect(() => rotationMatrix(Number.NaN, 0, 0)).toThrow(/rot1 must be a finite number/);
    expect(() => rotationQuaternion(0, 0, Number.POSITIVE_INFINITY)).toThrow(ArgumentError);
    expect(() => rotationsFromQuaternion([0, 0, 0, 0])).toThrow(/zero quaternion/);
    expect(() => rotationsFromQuaternion([1, 0, 0] as never)).toThrow(/quaternion \[w, x, y, z\]/);
  });
});
