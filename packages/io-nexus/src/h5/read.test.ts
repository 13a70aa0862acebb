import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expected, sharedData } from '../testing/data.js';
import type { H5File } from './objects.js';
import { openH5 } from './open.js';

// Real files of ../shared/data, checked against h5py's reading of the same files
// (recorded by scripts/fixtures/io_nexus_read.py in __fixtures__/read/expected.json).
const h5py = expected.shared;

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('Eiger 4M frame with bitshuffle+LZ4 (nexus/bitshuffle.h5)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(sharedData('nexus', 'bitshuffle.h5'));
  });
  afterAll(() => file?.close());

  it('describes the dataset: shape, dtype, chunks and the bitshuffle filter', async () => {
    const ds = await file.dataset('/entry/data/data');
    expect(ds.shape).toEqual(h5py.bitshuffle.shape);
    expect(ds.dtype).toBe('uint32');
    expect(ds.type).toMatchObject({ class: 'integer', size: 4, signed: false });
    expect(ds.chunks).toEqual([1, 2167, 2070]);
    expect(ds.filters.map((f) => f.id)).toEqual([32008]);
    expect(ds.filters[0].cdValues.slice(2)).toEqual([4, 0, 2]); // element size 4, block 0, LZ4
    expect(await ds.attr('image_nr_low')).toBe(1);
  });

  it('reads the upstream test pixel and h5py values through hyperslabs', async () => {
    const ds = await file.dataset('/entry/data/data');
    expect((await ds.read([0, 1372, 613])).get()).toBe(h5py.bitshuffle.value_0_1372_613);
    expect(h5py.bitshuffle.value_0_1372_613).toBe(922); // the README's upstream value
    const row = await ds.read([0, 1372, [600, 620]]);
    expect(row.shape).toEqual([20]);
    expect(Array.from(row.dataSync())).toEqual(h5py.bitshuffle.row_1372_600_620);
    const block = await ds.read([0, [1000, 1100], [500, 700]]);
    expect(block.shape).toEqual([100, 200]);
    expect(sum(block.dataSync())).toBe(h5py.bitshuffle.block_sum_1000_1100_500_700);
  });

  it('reads the whole frame: gap pixels 0xFFFFFFFF counted as h5py counts them', async () => {
    const all = await (await file.dataset('/entry/data/data')).read();
    expect(all.shape).toEqual([1, 2167, 2070]);
    const data = all.dataSync();
    let gaps = 0;
    for (const v of data) if (v === 0xffffffff) gaps++;
    expect(gaps).toBe(h5py.bitshuffle.count_ffffffff);
    expect(gaps).toBe(251302); // README [verified]
  });
});

describe('IPNS chopper spectrometer file (nexus/chopper.nxs, HDF5 1.8.2, deflate)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(sharedData('nexus', 'chopper.nxs'));
  });
  afterAll(() => file?.close());

  it('reads the deflated int32 counts whole and as a strided hyperslab', async () => {
    const ds = await file.dataset('/entry/data/data');
    expect(ds.filters.map((f) => f.id)).toEqual([1]);
    const all = await ds.read();
    expect(all.dtype).toBe('int32');
    expect(all.shape).toEqual(h5py.chopper.data.shape);
    expect(sum(all.dataSync())).toBe(h5py.chopper.data.sum);
    const part = await ds.read([[10, 20, 3], [100, 700, 50]]);
    expect(part.shape).toEqual([4, 12]);
    expect(Array.from(part.dataSync())).toEqual(h5py.chopper.slice_10_20_3__100_700_50);
  });

  it('reads float32 axes and fixed-length string scalars of shape (1,)', async () => {
    const tof = await (await file.dataset('/entry/data/time_of_flight')).read();
    expect(tof.dtype).toBe('float32');
    expect(sum(tof.dataSync())).toBe(h5py.chopper.tof.sum);
    expect(await (await file.dataset('/entry/title')).readValue()).toEqual([h5py.chopper.title]);
    expect(await (await file.dataset('/entry/sample/name')).readValue()).toBe('Magnesium Diboride');
    const energy = await file.dataset('/entry/instrument/monochromator/energy');
    expect((await energy.read()).dataSync()[0]).toBe(h5py.chopper.energy_meV);
    expect(await energy.attrs()).toEqual({ calibration_status: 'Nominal', units: 'meV' });
  });

  it('lists groups in name order and reads string-array attributes', async () => {
    const entry = await file.group('/entry');
    expect(await entry.keys()).toEqual(expect.arrayContaining(['data', 'instrument', 'monitor1', 'monitor2', 'sample', 'title']));
    expect(await entry.nxClass()).toBe('NXentry');
    const data = await file.group('/entry/data');
    expect(await data.attrs()).toEqual({ NX_class: 'NXdata', axes: ['polar_angle', 'time_of_flight'], signal: 'data' });
  });
});

describe('APS tomography projections (tomography/tooth.h5)', () => {
  it('reads float32 projections frame by frame with the sums h5py gives', async () => {
    const file = await openH5(sharedData('tomography', 'tooth.h5'));
    try {
      const ds = await file.dataset('/exchange/data');
      expect(ds.shape).toEqual(h5py.tooth.data.shape);
      for (const k of [0, 90, 180]) {
        const frame = await ds.read([k]);
        expect(frame.shape).toEqual([2, 640]);
        // float32 values summed in float64 by both sides: equal to the last bit
        expect(sum(frame.dataSync())).toBe(h5py.tooth.frame_sums[k]);
      }
      const theta = await (await file.dataset('/exchange/theta')).read();
      expect(theta.dtype).toBe('float64');
      expect(sum(theta.dataSync())).toBeCloseTo(h5py.tooth.theta.sum, 9);
      expect(await ds.attr('axes')).toBe('theta:y:x');
    } finally {
      await file.close();
    }
  });
});

describe('ESRF BLISS master file (kmap/PTO_STO_SL_0001.h5)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(sharedData('kmap', 'PTO_STO_SL_0001.h5'));
  });
  afterAll(() => file?.close());

  it('follows the measurement/* soft links to the counters', async () => {
    const eta = await file.dataset('/20.1/measurement/eta');
    expect(eta.location.objectPath).not.toBe('/20.1/measurement/eta');
    expect(Array.from((await eta.read()).dataSync())).toEqual(h5py.pto.eta);
    const sums = await (await file.dataset('/20.1/instrument/mpx1x4_mpx4int/sum')).read();
    expect(Array.from(sums.dataSync())).toEqual(h5py.pto.mpx4int_sum);
    expect(await (await file.group('/20.1/measurement')).link('eta')).toMatchObject({ kind: 'soft' });
  });

  it('reads detector scalars and variable-length UTF-8 strings', async () => {
    const det = '/20.1/instrument/mpx1x4';
    expect((await (await file.dataset(`${det}/distance`)).read()).get()).toBe(h5py.pto.distance);
    expect((await (await file.dataset(`${det}/x_pixel_size`)).read()).get()).toBe(h5py.pto.x_pixel_size);
    expect(await (await file.dataset('/20.1/title')).readValue()).toBe(h5py.pto.title);
    const mask = await (await file.dataset(`${det}/pixel_mask`)).read();
    expect(mask.dtype).toBe('uint8');
    expect(sum(mask.dataSync())).toBe(h5py.pto.pixel_mask_sum);
  });

  it('refuses the virtual detector stack whose source file is missing, unless asked for the fill value', async () => {
    const image = await file.dataset('/20.1/instrument/mpx1x4/image');
    expect(image.isVirtual).toBe(true);
    expect(image.virtualSources.map((s) => [s.file, s.dataset])).toEqual(h5py.pto.vds_sources);
    await expect(image.read([0, [0, 2], [0, 2]])).rejects.toThrow(/source file\(s\) missing: scan0020\/mpx1x4_0000\.h5/);
    const filled = await image.read([0, [0, 2], [0, 2]], { missingSources: 'fill' });
    expect(Array.from(filled.dataSync())).toEqual([0, 0, 0, 0]);
  });
});
