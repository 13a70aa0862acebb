/**
 * `pandaas recon` on the tooth scan (examples/data/tooth: NXtomo and the Data Exchange original):
 * the volume bit-equal to @pandaas/tomo called directly on the same arrays, the centre found as
 * findCenterVo finds it (≈ 296 px, tomopy's value), the NeXus layout, --slices, Paganin, --json.
 */
import { findDefaultNxData, openH5 } from '@pandaas/io-nexus';
import { findCenterVo, reconstructVolume, reduceSeries } from '@pandaas/tomo';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';
import {
  fbpVolume, partialsIn, radians, readVolume, removeFolder, temporaryFolder, TOOTH, toothArrays, toothSinograms, toothStack, writeNxTomo, type ToothArrays,
} from './recon/testing/fixtures.js';

let folder: string;
let tooth: ToothArrays;

beforeAll(async () => {
  folder = temporaryFolder();
  tooth = await toothArrays();
});

afterAll(() => {
  removeFolder(folder);
});

describe('pandaas recon on the tooth scan', () => {
  it("finds the axis with Vo's method on the middle slice (≈ 296 px as tomopy) and writes the volume FbpPlan gives, bit for bit", async () => {
    const run = await runCli(['recon', TOOTH.nxtomo, '--cor', 'auto', '-o', 'auto.nxs', '--png', 'auto.png'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const sinograms = await toothSinograms(tooth);
    const angles = radians(tooth.degrees);
    const center = await findCenterVo(sinograms.slice(1), angles); // the middle slice: detector row 1 of 2
    expect(Math.abs(center - 296)).toBeLessThanOrEqual(0.5);
    expect(run.stderr).toContain(`rotation axis found at ${center.toFixed(2)} px (Vo's method, detector row 1)`);
    expect(run.stderr).toMatch(/^2\/2 slices {2}100% {2}\S+ slices\/s/m);
    expect(run.stdout).toContain(`with the axis at ${center.toFixed(2)} px (auto (Vo))`);
    const volume = await readVolume(join(folder, 'auto.nxs'));
    expect(volume.shape).toEqual([2, 452, 452]);
    expect(volume.values).toEqual(await fbpVolume(sinograms, angles, center));
    expect(await volume.parameter('center')).toBe(center);
    expect(await volume.parameter('center_method')).toBe("auto: Vo's method on the middle slice");
    expect(await volume.parameter('filter')).toBe('ramp');
    expect(await volume.parameter('layout')).toBe('NXtomo');
    expect(readFileSync(join(folder, 'auto.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(partialsIn(folder)).toEqual([]);
  });

  it('reads the Data Exchange original as the NXtomo file (the same volume), with the axis, filter and rings given', async () => {
    const options = ['--cor', '296', '--filter', 'hann', '--rings', 'munch'];
    const dx = await runCli(['recon', TOOTH.dx, ...options, '-o', 'dx.nxs'], { cwd: folder });
    const nx = await runCli(['recon', TOOTH.nxtomo, ...options, '-o', 'nx.nxs'], { cwd: folder });
    expect(dx.status, dx.stderr).toBe(0);
    expect(nx.status, nx.stderr).toBe(0);
    const a = await readVolume(join(folder, 'dx.nxs'));
    const b = await readVolume(join(folder, 'nx.nxs'));
    expect(a.values).toEqual(b.values);
    expect(a.values).toEqual(await fbpVolume(await toothSinograms(tooth, true), radians(tooth.degrees), 296, 'hann'));
    expect(await a.parameter('layout')).toBe('Data Exchange');
    expect(await a.parameter('rings')).toBe('munch');
    expect(await a.parameter('center_method')).toBe('given (--cor)');
  });

  it('writes NXentry / NXprocess / NXdata with @default down to the volume, axes in pixels and, with --pixel-size, in metres', async () => {
    const run = await runCli(['recon', TOOTH.dx, '--cor', '296', '--pixel-size', '2e-6', '-o', 'metres.nxs', '--json'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { center: number; size: number; outputs: { nxdata: string; shape: number[] }; slices: number[] };
    expect(summary).toMatchObject({ center: 296, size: 452, slices: [0, 2], outputs: { nxdata: '/entry/recon/volume', shape: [2, 452, 452] } });
    const file = await openH5(join(folder, 'metres.nxs'));
    try {
      const found = await findDefaultNxData(file);
      expect(found.nxdata?.group.path).toBe('/entry/recon/volume');
      const nx = found.nxdata!;
      expect(nx.valid, nx.problems.join('; ')).toBe(true);
      expect(nx.signal!.name).toBe('volume');
      expect(nx.signal!.units).toBe('1/pixel');
      expect(nx.axes.map((a) => a?.name)).toEqual(['row', 'y', 'x']);
      expect(Array.from((await nx.axes[0]!.dataset.read()).dataSync())).toEqual([0, 1]);
      const x = (await nx.axes[2]!.dataset.read()).dataSync();
      expect([x[0], x[451]]).toEqual([-225.5, 225.5]); // ASTRA's image centre (size − 1) / 2 with a given axis
      const xm = (await (await file.dataset('/entry/recon/volume/x_m')).read()).dataSync();
      expect(xm[451]).toBeCloseTo(225.5 * 2e-6, 15);
      expect(await (await file.dataset('/entry/recon/program')).readValue()).toBe('@pandaas/tomo');
      expect(await (await file.group('/entry/recon')).attr('NX_class')).toBe('NXprocess');
    } finally {
      await file.close();
    }
  });

  it('--slices 1:2 with --batch 1 gives slice 1 of the whole volume', async () => {
    const whole = await readVolume(join(folder, 'nx.nxs'));
    const run = await runCli(['recon', TOOTH.nxtomo, '--cor', '296', '--filter', 'hann', '--rings', 'munch', '--slices', '1:', '--batch', '1', '-o', 'one.nxs'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const one = await readVolume(join(folder, 'one.nxs'));
    expect(one.shape).toEqual([1, 452, 452]);
    expect(one.values).toEqual(whole.values.subarray(452 * 452));
    expect(await one.parameter('slices')).toBe('1:2');
  });

  it('streams a taller scan in slabs (12 rows, batches of 3): holds at most 3 + 2·(3 − 1) rows, each slice that of its row', async () => {
    await writeNxTomo(join(folder, 'tall.nxs'), toothStack(tooth, 12)); // rows 0, 1, 0, 1, ... of the tooth
    const run = await runCli(['recon', 'tall.nxs', '--cor', '296', '--filter', 'hann', '--rings', 'munch', '--batch', '3', '-o', 'tall-volume.nxs', '--json'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { peakRows: number; slices: number[] };
    expect(summary.slices).toEqual([0, 12]);
    expect(summary.peakRows).toBeLessThanOrEqual(3 + 2 * (3 - 1));
    const tall = await readVolume(join(folder, 'tall-volume.nxs'));
    const two = await readVolume(join(folder, 'nx.nxs'));
    expect(tall.shape).toEqual([12, 452, 452]);
    const image = 452 * 452;
    for (let k = 0; k < 12; k++) expect(tall.values.subarray(k * image, (k + 1) * image), `slice ${k}`).toEqual(two.values.subarray((k % 2) * image, (k % 2 + 1) * image));
  });

  it('reads projections interrupted by a second flat series (two runs of frames, flats interpolated between the series)', async () => {
    // darks, flats, projections 0-89, the same flats again, projections 90-180: the flat of every
    // projection is the same image (interpolated between two equal series, equal up to rounding)
    const stack = toothStack(tooth, 2);
    const frame = 1280;
    const split = 20 + 90;
    const data = new Float32Array(stack.data.length + 10 * frame);
    data.set(stack.data.subarray(0, split * frame), 0);
    data.set(stack.data.subarray(10 * frame, 20 * frame), split * frame);
    data.set(stack.data.subarray(split * frame), (split + 10) * frame);
    const key = [...stack.imageKey!.slice(0, split), ...new Array<number>(10).fill(1), ...stack.imageKey!.slice(split)];
    const angles = [...stack.rotationAngle!.slice(0, split), ...new Array<number>(10).fill(90), ...stack.rotationAngle!.slice(split)];
    await writeNxTomo(join(folder, 'split.nxs'), { data, shape: [211, 2, 640], imageKey: key, rotationAngle: angles });
    const run = await runCli(['recon', 'split.nxs', '--cor', '296', '--filter', 'hann', '--rings', 'munch', '-o', 'split-volume.nxs'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const split2 = await readVolume(join(folder, 'split-volume.nxs'));
    const whole = await readVolume(join(folder, 'nx.nxs'));
    let worst = 0;
    let largest = 0;
    for (let i = 0; i < whole.values.length; i++) {
      worst = Math.max(worst, Math.abs(split2.values[i]! - whole.values[i]!));
      largest = Math.max(largest, Math.abs(whole.values[i]!));
    }
    // float32 rounding of the interpolated flat (1 ulp, 6e-8 relative) through −log and FBP
    expect(worst, `max |Δ| ${worst}`).toBeLessThanOrEqual(1e-5 * largest);
  });

  it('--paganin gives what reconstructVolume gives with the same Paganin options', async () => {
    const run = await runCli(['recon', TOOTH.dx, '--cor', '296', '--paganin', '100', '--energy', '20', '--distance', '0.1', '--pixel-size', '2e-6', '-o', 'phase.nxs'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const slabs: Float32Array[] = [];
    const paganin = { deltaBeta: 100, energy: 20, distance: 0.1, pixelSize: 2e-6 };
    await reconstructVolume([tooth.projections], {
      angles: radians(tooth.degrees), flats: await reduceSeries(tooth.flats), darks: await reduceSeries(tooth.darks), center: 296, paganin,
    }, (slab) => void slabs.push(slab.images.dataSync() as Float32Array));
    const expected = new Float32Array(slabs.reduce((n, s) => n + s.length, 0));
    slabs.reduce((at, s) => (expected.set(s, at), at + s.length), 0);
    expect((await readVolume(join(folder, 'phase.nxs'))).values).toEqual(expected);
  });
});
