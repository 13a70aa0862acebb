/**
 * reconstructVolume against the steps called directly on the same arrays (flatField, minusLog or
 * paganin, projectionsToSinograms, the ring filters, stitchHalfAcquisition, FbpPlan): identical
 * volumes whatever the slab and batch sizes; the sink's order; the rows held; the centre found;
 * abort and bad input. Real data: tooth.h5 (2 rows) and the savu TIFF stack (135 rows).
 */
import { IndexRangeError, ShapeError, array, type NdArray } from '@pandaas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCenterVo } from '../center/vo.js';
import { FbpPlan } from '../fbp/fbp-plan.js';
import { flatField } from '../preprocess/flat-field.js';
import { minusLog } from '../preprocess/minus-log.js';
import { paganin } from '../preprocess/paganin.js';
import { removeStripesMunch } from '../rings/munch.js';
import { stitchHalfAcquisition } from '../sinogram/half-acquisition.js';
import { projectionsToSinograms } from '../sinogram/projections-to-sinograms.js';
import { PHANTOM, ellipseSinogram } from '../sinogram/testing/ellipses.js';
import { reconstructVolume, type VolumeSlab } from './reconstruct-volume.js';
import type { VolumeOptions } from './options.js';
import { rowsOf, savuScan, slabsOf, toothScan, type Scan } from './testing/scans.js';

/** Runs the driver and joins the slabs it gives (checking they come in order, back to back). */
async function volumeOf(source: AsyncIterable<NdArray> | Iterable<NdArray>, options: VolumeOptions) {
  const slabs: VolumeSlab[] = [];
  const result = await reconstructVolume(source, options, (slab) => void slabs.push(slab));
  let index = 0;
  for (const slab of slabs) {
    expect(slab.index).toBe(index);
    index += slab.images.shape[0];
  }
  expect(index).toBe(result.slices);
  const size = result.size;
  const values = new Float32Array(result.slices * size * size);
  for (const slab of slabs) values.set(slab.images.dataSync(), slab.index * size * size);
  return { result, slabs, values };
}

/** The steps by hand on rows [from, to): flat field, −log (or Paganin with its log), sinograms. */
async function sinogramsOf(scan: Scan, from: number, to: number, phase?: VolumeOptions['paganin']): Promise<NdArray> {
  const normalised = await flatField(await rowsOf(scan.projections, from, to), { flats: scan.flats, darks: scan.darks, rowStart: from });
  const lines = phase === undefined ? await minusLog(normalised) : await paganin(normalised, { ...phase, log: true });
  return projectionsToSinograms(lines);
}

async function fbpOf(sinograms: NdArray, angles: ArrayLike<number>, center: number | 'astra'): Promise<Float32Array> {
  const plan = await FbpPlan.create(angles, sinograms.shape[2], { center });
  try {
    return (await plan.reconstruct(sinograms)).dataSync() as Float32Array;
  } finally {
    plan.dispose();
  }
}

function range(values: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return hi - lo;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('reconstructVolume on tooth.h5 (181 angles, 2 rows of 640)', () => {
  let tooth: Scan;
  beforeAll(async () => {
    tooth = await toothScan();
  });

  it('gives, slab by slab, the volume FbpPlan gives on the sinograms the steps make directly (centre 296)', async () => {
    const { result, values } = await volumeOf(slabsOf(tooth.projections, 1), { angles: tooth.angles, flats: tooth.flats, darks: tooth.darks, center: 296 });
    expect(result.slices).toBe(2);
    expect(result.size).toBe(452); // floor(640 / sqrt(2))
    expect(result.center).toBe(296);
    const expected = await fbpOf(await sinogramsOf(tooth, 0, 2), tooth.angles, 296);
    expect(values).toEqual(expected);
  });

  it("finds the centre with Vo's method on the middle row, as findCenterVo does on that sinogram: 295.9 (tomopy ~296)", async () => {
    const options = { angles: tooth.angles, flats: tooth.flats, darks: tooth.darks, center: 'auto' as const };
    const { result, values } = await volumeOf([tooth.projections], options);
    const sinograms = await sinogramsOf(tooth, 0, 2);
    const row1 = sinograms.slice(1);
    expect(result.center).toBe(await findCenterVo(row1, tooth.angles));
    expect(Math.abs(result.center - 296)).toBeLessThanOrEqual(0.5);
    expect(values).toEqual(await fbpOf(sinograms, tooth.angles, result.center));
    // the rows to find it on can be given (row 0 here)
    const given = await reconstructVolume([tooth.projections], { ...options, centerRows: { projections: tooth.projections, rowStart: 0, row: 0 } }, () => undefined);
    expect(given.center).toBe(await findCenterVo(sinograms.slice(0), tooth.angles));
  });
});

describe('reconstructVolume on the savu TIFF stack (91 angles, 135 rows of 160)', () => {
  let savu: Scan;
  let whole: Float32Array;
  beforeAll(async () => {
    savu = await savuScan();
    whole = await fbpOf(await sinogramsOf(savu, 0, 135), savu.angles, 'astra');
  });
  const base = () => ({ angles: savu.angles, flats: savu.flats, darks: savu.darks });

  it('slabs of 7 rows and batches of 4 give the volume of one slab in one batch, and of FbpPlan called directly', async () => {
    const small = await volumeOf(slabsOf(savu.projections, 7), { ...base(), batch: 4 });
    const large = await volumeOf([savu.projections], { ...base(), batch: 135 });
    expect(small.result.slices).toBe(135);
    expect(small.result.batches).toBe(34); // ceil(135 / 4)
    expect(large.result.batches).toBe(1);
    expect(small.values).toEqual(large.values);
    expect(small.values).toEqual(whole);
  });

  it('gives the slabs to the sink in order while the source is still read, holding at most batch + 2·(slab − 1) rows', async () => {
    const log: string[] = [];
    const slabs: VolumeSlab[] = [];
    const result = await reconstructVolume(slabsOf(savu.projections, 7, log), { ...base(), batch: 4 }, (slab) => {
      log.push(`sink ${slab.row}`);
      slabs.push(slab);
    });
    expect(slabs.map((s) => s.row)).toEqual(Array.from({ length: 34 }, (_, k) => 4 * k));
    expect(slabs.map((s) => s.images.shape)).toEqual(Array.from({ length: 34 }, (_, k) => [k < 33 ? 4 : 3, 113, 113]));
    // streaming: slices 0-3 are out after the first slab read (rows 0-6), long before the last read
    expect(log.slice(0, 2)).toEqual(['read 0', 'sink 0']);
    expect(log.indexOf('sink 120')).toBeLessThan(log.indexOf('read 126'));
    // memory: the batch's rows and the two slabs that hold its ends (16 of the 135): 14 here,
    // rows 0-13 while slices 4-7 are made
    expect(result.peakRows).toBeLessThanOrEqual(4 + 2 * (7 - 1));
    expect(result.margin).toBe(0);
  });

  it('reconstructs only the slices asked for, and stops reading after the last row they need', async () => {
    const log: string[] = [];
    const { result, slabs, values } = await volumeOf(slabsOf(savu.projections, 7, log), { ...base(), slices: [40, 60], batch: 8 });
    expect(result.slices).toBe(20);
    expect(slabs.map((s) => s.row)).toEqual([40, 48, 56]);
    expect(values).toEqual(whole.subarray(40 * 113 * 113, 60 * 113 * 113));
    expect(log.filter((l) => l.startsWith('read')).at(-1)).toBe('read 56'); // rows 56-62 hold row 59; row 63 on is never read
  });

  it('with Paganin: a margin covering the rows read gives paganin on those rows exactly; the default margin stays within 1e-4 of the range', async () => {
    // δ/β 50, 20 keV, 0.1 m, 2 µm pixels: decay length 2.48 px, default margin ceil(9.21 x 2.48) = 23 rows
    const phase = { deltaBeta: 50, energy: 20, distance: 0.1, pixelSize: 2e-6 };
    const image = 113 * 113;
    // rows 50-79 read, a margin of 30 rows: every batch filters all of them, as paganin does here
    const covering = await volumeOf(slabsOf(savu.projections, 7, undefined, 50, 80), { ...base(), rowStart: 50, rowCount: 30, batch: 10, paganin: { ...phase, margin: 30 } });
    expect(covering.values).toEqual(await fbpOf(await sinogramsOf(savu, 50, 80, phase), savu.angles, 'astra'));
    // slices 50-79 with the default margin, rows 27-102 read, against paganin on all 135 rows
    const log: string[] = [];
    const streamed = await volumeOf(slabsOf(savu.projections, 7, log, 27, 103), { ...base(), rowStart: 27, rowCount: 76, slices: [50, 80], batch: 10, paganin: phase });
    expect(streamed.result.margin).toBe(23);
    expect(streamed.result.peakRows).toBeLessThanOrEqual(10 + 2 * (23 + 7 - 1));
    const reference = (await fbpOf(await sinogramsOf(savu, 0, 135, phase), savu.angles, 'astra')).subarray(50 * image, 80 * image);
    // the rows beyond a margin weigh < 1e-4 of the nearest in the filter: the slices agree to
    // within 1e-4 of the image range (the measured difference is in the message)
    const worst = maxAbsDiff(streamed.values, reference);
    expect(worst / range(reference), `max |Δ| ${worst} of a range ${range(reference)}`).toBeLessThanOrEqual(1e-4);
  });

  it("ring removal on each sinogram gives what removeStripesMunch gives on the batch's sinograms", async () => {
    const { values } = await volumeOf(slabsOf(savu.projections, 5, undefined, 60, 72), { ...base(), rowStart: 60, rowCount: 12, batch: 6, rings: 'munch' });
    const filtered = await removeStripesMunch(await sinogramsOf(savu, 60, 72));
    expect(values).toEqual(await fbpOf(filtered, savu.angles, 'astra'));
  });
});

describe('reconstructVolume: half acquisition (a 360° scan of a phantom, the axis near the right edge)', () => {
  // 180 angles over 360°, a detector of 100 pixels with the axis at 80: three identical rows of
  // transmission exp(−p), p the exact line integrals; flats 1, darks 0
  const m = 90;
  const n = 100;
  const axis = 80;
  const angles = Float64Array.from({ length: 2 * m }, (_, k) => (k * Math.PI) / m);
  const sino = ellipseSinogram(PHANTOM, angles, n, axis);
  const raw = new Float32Array(2 * m * 3 * n);
  for (let a = 0; a < 2 * m; a++) for (let r = 0; r < 3; r++) for (let j = 0; j < n; j++) raw[(a * 3 + r) * n + j] = Math.exp(-sino[a * n + j]);
  const scan: Scan = {
    projections: array(raw, { shape: [2 * m, 3, n], backend: 'cpu' }),
    flats: array(new Float32Array(3 * n).fill(1), { shape: [3, n], backend: 'cpu' }),
    darks: array(new Float32Array(3 * n), { shape: [3, n], backend: 'cpu' }),
    angles,
  };

  it('stitches each sinogram and reconstructs the full field as stitchHalfAcquisition + FbpPlan do', async () => {
    const { result, values } = await volumeOf(slabsOf(scan.projections, 2), { angles, flats: scan.flats, darks: scan.darks, center: axis, halfAcquisition: true, batch: 2 });
    const stitched = await stitchHalfAcquisition(await sinogramsOf(scan, 0, 3), axis, { angles });
    expect(result.geometry.nDet).toBe(161); // floor(2·80) + 1
    expect(result.geometry.nAngles).toBe(m);
    expect(values).toEqual(await fbpOf(stitched.sinogram, stitched.angles!, stitched.center));
  });

  it("refuses center 'auto' (its methods need the whole object in the field of view)", async () => {
    const run = reconstructVolume([scan.projections], { angles, flats: scan.flats, darks: scan.darks, center: 'auto', halfAcquisition: true }, () => undefined);
    await expect(run).rejects.toThrow(/options.center 'auto' is not available with options.halfAcquisition/);
  });
});

describe('reconstructVolume: abort and bad input', () => {
  let tooth: Scan;
  beforeAll(async () => {
    tooth = await toothScan();
  });
  const base = () => ({ angles: tooth.angles, flats: tooth.flats, darks: tooth.darks, center: 296 });

  it('stops when aborted: rejects with the abort, gives nothing more to the sink, closes the source', async () => {
    const controller = new AbortController();
    let closed = false;
    async function* source() {
      try {
        for (let row = 0; row < 2; row++) yield await rowsOf(tooth.projections, row, row + 1);
      } finally {
        closed = true;
      }
    }
    let slabs = 0;
    const run = reconstructVolume(source(), { ...base(), batch: 1, signal: controller.signal }, () => {
      slabs++;
      controller.abort();
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(slabs).toBe(1);
    expect(closed).toBe(true);
  });

  it('refuses a centre off the detector before reading anything', async () => {
    const log: string[] = [];
    await expect(reconstructVolume(slabsOf(tooth.projections, 1, log), { ...base(), center: 700 }, () => undefined)).rejects.toThrow(IndexRangeError);
    await expect(reconstructVolume(slabsOf(tooth.projections, 1, log), { ...base(), center: -1 }, () => undefined)).rejects.toThrow(/options.center must lie on the detector, in \[0, 639\]; got -1/);
    expect(log).toEqual([]);
  });

  it('refuses slabs of another shape, a source that ends early, angles that do not match the projections, references that differ', async () => {
    const sink = () => undefined;
    await expect(reconstructVolume([await rowsOf(tooth.projections, 0, 2)], { ...base(), angles: tooth.angles.subarray(0, 180) }, sink)).rejects.toThrow(
      /must be \[nAngles, rows, nDet\] = \[180, rows, 640\] \(one projection per angle\); got \[181, 2, 640\]/,
    );
    await expect(reconstructVolume([await rowsOf(tooth.projections, 0, 1)], base(), sink)).rejects.toThrow(/the projections ended at detector row 1; rows up to 1 were expected/);
    const narrow = (await rowsOf(tooth.projections, 0, 1)).slice(null, null, [0, 600]);
    await expect(reconstructVolume([narrow], base(), sink)).rejects.toThrow(ShapeError);
    await expect(reconstructVolume([tooth.projections], { ...base(), rowCount: 1 }, sink)).rejects.toThrow(/has 2 rows, past the last row expected \(0/);
    await expect(reconstructVolume([tooth.projections], { ...base(), darks: tooth.darks.slice([0, 1]) }, sink)).rejects.toThrow(/options.darks must have the flats' shape \[2, 640\]; got \[1, 640\]/);
    await expect(reconstructVolume([tooth.projections], { ...base(), slices: [1, 3] }, sink)).rejects.toThrow(/options.slices must be \[start, stop\) with 0 <= start < stop <= 2/);
  });
});
