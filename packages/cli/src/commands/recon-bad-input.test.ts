/**
 * `pandaas recon` on bad input: each case ends with its exit status and a message naming the
 * problem (no stack), leaves no output and no staging folder, and leaves an existing output as it
 * was; missing darks are taken as 0, as documented; an interruption (in-process here, Ctrl-C in
 * recon-interrupt.test.ts) removes what was under way.
 */
import { writeH5 } from '@pandaas/io-nexus';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../testing/run-cli.js';
import { partialsIn, removeFolder, temporaryFolder, TOOTH, toothArrays, toothStack, writeNxTomo, type NxTomoParts, type ToothArrays } from './recon/testing/fixtures.js';

let folder: string;
let tooth: ToothArrays;
let stack: NxTomoParts;

beforeAll(async () => {
  folder = temporaryFolder();
  tooth = await toothArrays();
  stack = toothStack(tooth, 2);
});

afterAll(() => {
  removeFolder(folder);
});

function expectFailure(run: CliRun, status: number, message: RegExp, output = 'out.nxs'): void {
  expect(run.status, run.stderr).toBe(status);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toBe('');
  expect(existsSync(join(folder, output))).toBe(false);
  expect(partialsIn(folder)).toEqual([]);
}

const recon = (...argv: string[]) => runCli(['recon', ...argv], { cwd: folder });

describe('pandaas recon: bad command lines (exit status 2)', () => {
  it('names the option and the value', async () => {
    expectFailure(await recon(TOOTH.dx, '--cor', 'middle', '-o', 'out.nxs'), 2, /--cor must be auto or the axis position in pixels \(a number\); got "middle"/);
    expectFailure(await recon(TOOTH.dx, '--filter', 'gauss', '-o', 'out.nxs'), 2, /--filter must be one of ramp, shepp-logan, cosine, hamming, hann; got "gauss"/);
    expectFailure(await recon(TOOTH.dx, '--rings', 'fourier', '-o', 'out.nxs'), 2, /--rings must be one of munch, vo/);
    expectFailure(await recon(TOOTH.dx), 2, /recon needs -o FILE\.nxs/);
    expectFailure(await recon('-o', 'out.nxs'), 2, /recon needs an input FILE/);
    expectFailure(await recon(TOOTH.dx, '-o', 'out.txt'), 2, /-o out\.txt: the volume is written as NeXus/, 'out.txt');
    expectFailure(await recon(`${TOOTH.dx}::/exchange/data`, '-o', 'out.nxs'), 2, /recon reads the whole scan of FILE/);
    expectFailure(await recon(TOOTH.dx, '--half-acquisition', '-o', 'out.nxs'), 2, /--half-acquisition needs --cor PIXEL/);
    expectFailure(await recon(TOOTH.dx, '--paganin', '100', '--energy', '20', '-o', 'out.nxs'), 2, /--paganin needs --distance M, --pixel-size M: \S+tooth\.h5::\/exchange does not give them/);
    expectFailure(await recon(TOOTH.dx, '--slices', '1-2', '-o', 'out.nxs'), 2, /--slices must be a range of detector rows A:B/);
  });

  it('refuses an output that is the input, and an existing output without --overwrite (left as it was)', async () => {
    copyFileSync(TOOTH.dx, join(folder, 'tooth.h5'));
    expectFailure(await recon('tooth.h5', '-o', 'tooth.h5', '--overwrite'), 2, /is an input of this command/, 'missing.nxs');
    writeFileSync(join(folder, 'exists.nxs'), 'mine');
    const run = await recon('tooth.h5', '-o', 'exists.nxs');
    expect(run.status).toBe(6);
    expect(run.stderr).toMatch(/exists\.nxs exists: pass --overwrite/);
    expect(readFileSync(join(folder, 'exists.nxs'), 'utf8')).toBe('mine');
  });
});

describe('pandaas recon: inputs that do not fit', () => {
  it('a missing file (3), a file that is neither NXtomo nor Data Exchange (4), a TIFF (4)', async () => {
    expectFailure(await recon('missing.h5', '-o', 'out.nxs'), 3, /missing\.h5: no such file/);
    await writeH5(join(folder, 'plain.h5'), async (w) => w.dataset('/entry/data/data', new Float32Array(4), { shape: [1, 2, 2] }));
    expectFailure(await recon('plain.h5', '-o', 'out.nxs'), 4, /plain\.h5 is neither APS Data Exchange \(no \/exchange\/data\) nor NXtomo/);
    writeFileSync(join(folder, 'note.nxs'), 'not HDF5');
    const text = await recon('note.nxs', '-o', 'out.nxs');
    expect(text.status).toBe(4);
  });

  it('a centre off the detector (5)', async () => {
    expectFailure(await recon(TOOTH.dx, '--cor', '700', '-o', 'out.nxs'), 5, /--cor 700 is off the detector: \S+::\/exchange has rows of 640 pixels \(positions 0 to 639\)/);
    expectFailure(await recon(TOOTH.dx, '--cor', '-3', '-o', 'out.nxs'), 5, /--cor -3 is off the detector/);
  });

  it('--slices that select no row (5)', async () => {
    expectFailure(await recon(TOOTH.dx, '--slices', '5:9', '-o', 'out.nxs'), 5, /--slices 5:9 selects no detector row: \S+ has 2 rows/);
  });

  it('an NXtomo without image_key (4), without flats (4), without rotation_angle (4)', async () => {
    await writeNxTomo(join(folder, 'no-key.nxs'), { ...stack, imageKey: undefined });
    expectFailure(await recon('no-key.nxs', '-o', 'out.nxs'), 4, /no-key\.nxs::\/entry has no image_key: flats, darks and projections cannot be told apart/);
    await writeNxTomo(join(folder, 'no-flats.nxs'), { ...stack, imageKey: stack.imageKey!.map((k) => (k === 1 ? 0 : k)) });
    expectFailure(await recon('no-flats.nxs', '--cor', '296', '-o', 'out.nxs'), 4, /no-flats\.nxs::\/entry has no flat-field frames \(image_key 1\)/);
    await writeNxTomo(join(folder, 'no-angles.nxs'), { ...stack, rotationAngle: undefined });
    expectFailure(await recon('no-angles.nxs', '-o', 'out.nxs'), 4, /has no rotation_angle/);
  });

  it('angles that do not match the frames (5): NXtomo rotation_angle and Data Exchange theta', async () => {
    await writeNxTomo(join(folder, 'short-angles.nxs'), { ...stack, rotationAngle: stack.rotationAngle!.slice(1) });
    expectFailure(await recon('short-angles.nxs', '-o', 'out.nxs'), 5, /\/entry\/sample\/rotation_angle has 200 values for 201 frames/);
    await writeH5(join(folder, 'dx-theta.h5'), async (w) => {
      await w.dataset('/exchange/data', tooth.projections);
      await w.dataset('/exchange/data_white', tooth.flats);
      await w.dataset('/exchange/theta', Float64Array.from(tooth.degrees.subarray(1)), { attributes: { units: 'degrees' } });
    });
    expectFailure(await recon('dx-theta.h5', '-o', 'out.nxs'), 5, /\/exchange\/theta has 180 values for 181 projections/);
  });

  it('takes missing darks as 0, saying so on stderr (documented)', async () => {
    await writeNxTomo(join(folder, 'no-darks.nxs'), { ...stack, data: stack.data.subarray(10 * 1280), shape: [191, 2, 640], imageKey: stack.imageKey!.slice(10), rotationAngle: stack.rotationAngle!.slice(10) });
    const run = await recon('no-darks.nxs', '--cor', '296', '-o', 'dark0.nxs');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('no-darks.nxs::/entry has no dark frames (image_key 2): the darks are taken as 0');
    expect(existsSync(join(folder, 'dark0.nxs'))).toBe(true);
  });
});

describe('pandaas recon: interrupted (in process)', () => {
  it('stops after the first slab: exit 130, no output, no staging folder', async () => {
    const run = await runCli(['recon', TOOTH.nxtomo, '--cor', '296', '--batch', '1', '-o', 'out.nxs', '--png', 'out.png'], {
      cwd: folder,
      interruptOn: (text) => text.startsWith('1/2 slices'),
    });
    expectFailure(run, 130, /interrupted: outputs under way were removed/);
    expect(run.stderr).not.toMatch(/2\/2 slices/);
    expect(existsSync(join(folder, 'out.png'))).toBe(false);
  });
});
