import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { PoniError } from './errors.js';
import { AZIMUTHAL_UNITS, RADIAL_UNITS, azimuthalUnit, radialUnit } from './units.js';

describe('units', () => {
  it('names and scales the radial units as pyFAI’s units.py', () => {
    // scale: value in the unit = base quantity (2θ in rad, q in nm^-1, r in m, d*² in nm^-2) × scale
    const pyfai: Record<string, [string, number]> = {
      '2th_deg': ['2th', 180 / Math.PI],
      '2th_rad': ['2th', 1],
      'q_nm^-1': ['q', 1],
      'q_A^-1': ['q', 0.1],
      r_mm: ['r', 1000],
      r_m: ['r', 1],
      'd*2_A^-2': ['d*2', 0.01],
    };
    expect(RADIAL_UNITS).toEqual(Object.keys(pyfai));
    for (const [name, [space, scale]] of Object.entries(pyfai)) {
      expect(radialUnit(name)).toMatchObject({ name, space, scale });
      expect(radialUnit(name).label.length).toBeGreaterThan(0);
    }
    expect(radialUnit('q_A^-1').symbol).toBe('A^-1');
  });

  it('names and scales the azimuthal units', () => {
    expect(AZIMUTHAL_UNITS).toEqual(['chi_deg', 'chi_rad']);
    expect(azimuthalUnit('chi_deg')).toMatchObject({ space: 'chi', scale: 180 / Math.PI, symbol: 'deg' });
    expect(azimuthalUnit('chi_rad').scale).toBe(1);
  });

  it('rejects names pyFAI does not have, listing the valid ones', () => {
    expect(() => radialUnit('2theta')).toThrow(ArgumentError);
    expect(() => radialUnit('q_nm')).toThrow(/unit must be one of 2th_deg, 2th_rad, q_nm\^-1, q_A\^-1, r_mm, r_m, d\*2_A\^-2; got "q_nm"/);
    expect(() => radialUnit('chi_deg', 'radialUnit')).toThrow(/^radialUnit must be one of/);
    expect(() => azimuthalUnit('2th_deg')).toThrow(/unitAzimuthal must be one of chi_deg, chi_rad; got "2th_deg"/);
    expect(() => radialUnit(undefined)).toThrow(/got undefined/);
    expect(() => radialUnit('toString')).toThrow(ArgumentError);
  });
});

describe('PoniError', () => {
  it('says where: file, line, key', () => {
    const err = new PoniError('key "Rot1" has value "x"', { source: 'a.poni', line: 7, key: 'Rot1' });
    expect(err.message).toBe('a.poni, line 7: key "Rot1" has value "x"');
    expect([err.code, err.name, err.source, err.line, err.key]).toEqual(['E_FORMAT', 'PoniError', 'a.poni', 7, 'Rot1']);
    expect(new PoniError('key "Poni1" is missing').message).toBe('PONI: key "Poni1" is missing');
  });
});
