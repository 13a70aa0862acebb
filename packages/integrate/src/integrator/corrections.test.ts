import { describe, expect, it } from 'vitest';
import { buildCorrections } from './corrections.js';

describe('buildCorrections', () => {
  it('multiplies normalization x flat x polarization x solid angle and excludes what pyFAI excludes, by hand', () => {
    const c = buildCorrections({
      pixels: 6,
      masks: [new Uint8Array([0, 0, 0, 0, 0, 1]), null],
      flat: new Float32Array([2, 0.5, -2.4, 0, 1, 1]),
      dark: new Float32Array([0, 0, 0, 0, NaN, 0]),
      solidAngle: new Float64Array([0.5, 1, 1, 1, 1, 1]),
      polarization: new Float64Array([0.25, 2, 1, 1, 1, 1]),
      normalizationFactor: 4,
      dummy: -2,
      deltaDummy: 0.5,
      errorModel: 'poisson',
    });
    // pixel 0: 4 * 2 * 0.25 * 0.5 = 1; pixel 1: 4 * 0.5 * 2 = 4; pixel 2: flat within 0.5 of dummy -2;
    // pixel 3: flat 0 -> norm 0; pixel 4: NaN dark; pixel 5: masked
    expect(Array.from(c.norm)).toEqual([1, 4, 0, 0, 0, 0]);
    expect(Array.from(c.invalid)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(c).toMatchObject({ dummy: -2, deltaDummy: 0.5, errorModel: 'poisson' });
  });

  it('excludes the pixels whose given variance is not finite (variance error model)', () => {
    const c = buildCorrections({ pixels: 4, masks: [], variance: new Float32Array([1, NaN, Infinity, 2]), normalizationFactor: 1, errorModel: 'variance' });
    expect(Array.from(c.invalid)).toEqual([0, 1, 1, 0]);
    expect(Array.from(c.norm)).toEqual([1, 0, 0, 1]);
  });

  it('rounds each product to float32 as pyFAI does, and has norm = normalizationFactor with no correction', () => {
    const c = buildCorrections({ pixels: 2, masks: [], solidAngle: new Float64Array([0.1, 1 / 3]), normalizationFactor: 3, errorModel: 'none' });
    expect(c.norm[0]).toBe(Math.fround(3 * Math.fround(0.1)));
    expect(c.norm[1]).toBe(Math.fround(3 * Math.fround(1 / 3)));
    const plain = buildCorrections({ pixels: 3, masks: [], normalizationFactor: 2, errorModel: 'none' });
    expect(Array.from(plain.norm)).toEqual([2, 2, 2]);
    expect(plain.dark).toBeUndefined();
  });
});
