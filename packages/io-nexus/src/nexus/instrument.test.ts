import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../errors.js';
import type { H5File } from '../h5/objects.js';
import { openH5 } from '../h5/open.js';
import { expected, fixture, sharedData } from '../testing/data.js';
import { readDetectorMask, readInstrument } from './instrument.js';
import { readTomo } from './tomo.js';
import { energyFromWavelength, toDegrees, toKeV, toMetres, wavelengthFromEnergy } from './units.js';

// hc = 12.398419843... keV Å and λ(Å) = 9.0445678 / sqrt(E/meV) for neutrons: textbook values,
// independent of the CODATA constants the code uses.
const HC_KEV_ANGSTROM = 12.398419843320026;

describe('units', () => {
  it('converts lengths, energies and angles in the spellings files use', () => {
    expect(toMetres(172, 'um')).toBeCloseTo(172e-6, 15);
    expect(toMetres(172, 'µm')).toBeCloseTo(172e-6, 15);
    expect(toMetres(0.7336, 'Angstrom')).toBeCloseTo(0.7336e-10, 20);
    expect(toMetres(513.8, 'mm')).toBeCloseTo(0.5138, 12);
    expect(toMetres(1, 'keV')).toBeUndefined();
    expect(toKeV(130, 'meV')).toBeCloseTo(130e-6, 15);
    expect(toKeV(130, 'MeV')).toBe(130e3);
    expect(toKeV(8048, 'eV')).toBeCloseTo(8.048, 12);
    expect(toKeV(1, 'mm')).toBeUndefined();
    expect(toDegrees(Math.PI / 2, 'rad')).toBeCloseTo(90, 12);
  });

  it('relates photon and neutron wavelengths to energies', () => {
    expect(wavelengthFromEnergy(HC_KEV_ANGSTROM)).toBeCloseTo(1e-10, 19);
    expect(energyFromWavelength(0.5e-10)).toBeCloseTo(2 * HC_KEV_ANGSTROM, 10);
    expect(wavelengthFromEnergy(81.8042e-6, 'neutron') / 1e-10).toBeCloseTo(1, 4); // 81.8 meV neutrons: 1 Å
    expect(energyFromWavelength(wavelengthFromEnergy(25e-6, 'neutron'), 'neutron')).toBeCloseTo(25e-6, 15);
  });
});

describe('readInstrument (instrument.h5)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(fixture('instrument.h5'));
  });
  afterAll(() => file?.close());

  it('reads wavelength, distance, pixel sizes and beam centre in metres and pixels', async () => {
    const info = await readInstrument(file, { entry: '/entry' });
    expect(info.problems).toEqual([]);
    expect(info.assumptions).toEqual([]);
    expect(info.entry).toBe('/entry');
    expect(info.detector).toBe('/entry/instrument/detector');
    expect(info.probe).toBe('x-ray');
    expect(info.wavelength).toBeCloseTo(0.7336e-10, 20);
    expect(info.energy).toBeCloseTo(HC_KEV_ANGSTROM / 0.7336, 9);
    expect(info.sources.energy).toBe('derived from wavelength (x-ray)');
    expect(info.distance).toBeCloseTo(0.5138, 12);
    expect(info.pixelSize!.x).toBeCloseTo(172e-6, 15);
    expect(info.pixelSize!.y).toBeCloseTo(172e-6, 15);
    expect(info.beamCenter!.x).toBe(487.25);
    expect(info.beamCenter!.y).toBeCloseTo(512, 9); // 88.064 mm / 0.172 mm
    expect(info.saturationValue).toBe(1000000);
    expect(info.sampleName).toBe('LaB6');
  });

  it('derives the wavelength from an energy in keV', async () => {
    const info = await readInstrument(file, { entry: '/entry_energy' });
    expect(info.energy).toBeCloseTo(HC_KEV_ANGSTROM, 12);
    expect(info.wavelength).toBeCloseTo(1e-10, 20);
    expect(info.sources.wavelength).toBe('derived from energy (x-ray)');
    expect(info.distance).toBe(0.2);
    expect(info.pixelSize).toBeUndefined();
  });

  it('ORs pixel_mask and pixel_mask_N, rejecting the low 16 bits by default', async () => {
    const mask = await readDetectorMask(await file.group('/entry/instrument/detector'));
    expect(mask?.dtype).toBe('bool');
    expect(mask?.shape).toEqual([6, 7]);
    const bad: [number, number][] = [];
    for (let r = 0; r < 6; r++) for (let c = 0; c < 7; c++) if (mask!.get(r, c) === 1) bad.push([r, c]);
    expect(bad).toEqual([[0, 0], [1, 2], [2, 2], [5, 6]]); // 0x10000 at [3, 4] is not a reason to reject
    const gapsOnly = await readDetectorMask(await file.group('/entry/instrument/detector'), { bits: 1 });
    expect(Array.from(gapsOnly!.dataSync()).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await readDetectorMask(await file.group('/entry_energy/instrument/detector'))).toBeUndefined();
  });

  it('reads the NXtomo entry: frames, image keys and angles', async () => {
    const scan = await readTomo(file);
    expect(scan.entry).toBe('/tomo');
    expect(scan.problems).toEqual([]);
    expect(scan.data.shape).toEqual([10, 4, 6]);
    expect(Array.from(scan.imageKey)).toEqual([2, 2, 1, 0, 0, 0, 0, 0, 1, 3]);
    expect(scan.darks).toEqual([0, 1]);
    expect(scan.flats).toEqual([2, 8]);
    expect(scan.projections).toEqual([3, 4, 5, 6, 7]);
    expect(scan.invalid).toEqual([9]);
    expect(Array.from(scan.rotationAngle!)).toEqual([0, 0, 0, 0, 45, 90, 135, 180, 180, 180]);
    const projections = await scan.data.read([[3, 8]]);
    expect(projections.shape).toEqual([5, 4, 6]);
  });
});

describe('readInstrument on real files', () => {
  it('PTO_STO_SL_0001.h5 (BLISS): unit-less monochromator values in m and eV, the Maxipix detector', async () => {
    const file = await openH5(sharedData('kmap', 'PTO_STO_SL_0001.h5'));
    try {
      const info = await readInstrument(file);
      const pto = expected.shared.pto;
      expect(info.entry).toBe('/20.1');
      expect(info.detector).toBe('/20.1/instrument/mpx1x4');
      expect(info.wavelength).toBeCloseTo(1.2398e-10, 14); // README: 10 keV, 1.2398 Å
      expect(info.energy).toBeCloseTo(10, 4);
      expect(info.assumptions).toEqual([
        '/20.1/instrument/monochromator/WaveLength has no units; 1.2398422303064806e-10 read as m',
        '/20.1/instrument/monochromator/Energy has no units; 9999.99814245333 read as eV',
        `/20.1/instrument/mpx1x4/distance has no units; ${pto.distance} read as m`,
        `/20.1/instrument/mpx1x4/beam_center_x has no units; ${pto.beam_center_x} read as pixels`,
        `/20.1/instrument/mpx1x4/beam_center_y has no units; ${pto.beam_center_y} read as pixels`,
      ]);
      expect(info.distance).toBe(pto.distance);
      expect(info.pixelSize).toEqual({ x: pto.x_pixel_size, y: pto.x_pixel_size });
      expect(info.beamCenter).toEqual({ x: pto.beam_center_x, y: pto.beam_center_y });
      const mask = await readDetectorMask(await file.group('/20.1/instrument/mpx1x4'));
      expect(mask?.shape).toEqual([516, 516]);
    } finally {
      await file.close();
    }
  });

  it('chopper.nxs: a neutron source, the energy of the Fermi chopper, a per-pixel distance', async () => {
    const file = await openH5(sharedData('nexus', 'chopper.nxs'));
    try {
      const info = await readInstrument(file);
      expect(info.probe).toBe('neutron');
      expect(info.energy).toBeCloseTo(expected.shared.chopper.energy_meV * 1e-6, 15);
      expect(info.wavelength! / 1e-10).toBeCloseTo(9.0445678 / Math.sqrt(130), 5);
      expect(info.detector).toBe('/entry/instrument/detector');
      expect(info.distance).toBeUndefined();
      expect(info.problems).toEqual(['/entry/instrument/detector/distance is not a single number (shape [148], float)']);
    } finally {
      await file.close();
    }
  });

  it('a file without an NXtomo entry is an ObjectNotFoundError', async () => {
    const file = await openH5(sharedData('tomography', 'tooth.h5'));
    try {
      await expect(readTomo(file)).rejects.toThrow(ObjectNotFoundError);
      await expect(readInstrument(file)).rejects.toThrow(/no NXentry group in the file/);
    } finally {
      await file.close();
    }
  });
});
