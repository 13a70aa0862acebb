/**
 * Ctrl-C in the middle of `pandaas integrate` on a long stack, in a real child process: the
 * command stops, exits 130, and leaves neither the output nor its staging folder.
 */
import { writeH5 } from '@pandaas/io-nexus';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, spawnCli } from '../testing/run-cli.js';
import { partialsIn, removeFolder, temporaryFolder } from './integrate/testing/fixtures.js';

/** Frames of the stack: 16 x 16 pixels each, about 5 s of work on this machine (~30 000 frames/s), 38 MB. */
const FRAMES = 150_000;
let folder: string;

beforeAll(async () => {
  folder = temporaryFolder();
  const data = new Uint8Array(FRAMES * 16 * 16);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 101;
  await writeH5(join(folder, 'stack.h5'), async (w) => w.dataset('/entry/data/data', data, { shape: [FRAMES, 16, 16] }));
  // a generic detector of 16 x 16 pixels of 100 µm, beam at its centre
  writeFileSync(
    join(folder, 'small.poni'),
    ['poni_version: 2', 'Detector: Detector', 'Detector_config: {"pixel1": 0.0001, "pixel2": 0.0001, "max_shape": [16, 16]}', 'Distance: 0.1', 'Poni1: 0.0008', 'Poni2: 0.0008', 'Rot1: 0', 'Rot2: 0', 'Rot3: 0', 'Wavelength: 1e-10', ''].join('\n'),
  );
});

afterAll(() => {
  removeFolder(folder);
});

describe('pandaas integrate, interrupted', () => {
  it('stops on SIGINT during a stack: exit 130, no output file, no .pandaas-partial-* folder', async () => {
    const child = spawnCli(['integrate', 'stack.h5::/entry/data/data', '--poni', 'small.poni', '--npt', '8', '-o', 'out.nxs', '--png', 'out.png'], { cwd: folder });
    const run = finished(child);
    // the first progress line (after the first frame) says the stack is being integrated
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (new RegExp(`\\d+/${FRAMES} frames`).test(seen)) resolve();
      });
      child.once('exit', () => reject(new Error(`pandaas ended before its first progress line:\n${seen}`)));
    });
    child.kill('SIGINT');
    const { status, stderr } = await run;
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/stopping/);
    expect(stderr).toMatch(/interrupted: outputs under way were removed/);
    expect(stderr).not.toMatch(new RegExp(`${FRAMES}/${FRAMES} frames`));
    expect(existsSync(join(folder, 'out.nxs'))).toBe(false);
    expect(existsSync(join(folder, 'out.png'))).toBe(false);
    expect(partialsIn(folder)).toEqual([]);
  });
});
