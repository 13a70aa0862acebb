/**
 * Ctrl-C in the middle of `pandaas integrate` on a long stack, in a real child process: the
 * command stops, exits 130, and leaves neither the output nor its staging folder.
 */
import { writeH5 } from '@pandaas/io-nexus';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectCleanInterrupt, interruptAtProgress } from '../testing/interrupt.js';
import { removeFolder, temporaryFolder } from './integrate/testing/fixtures.js';

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
    // interrupted at the first progress line (after the first frame): the stack is being integrated
    const run = await interruptAtProgress(['integrate', 'stack.h5::/entry/data/data', '--poni', 'small.poni', '--npt', '8', '-o', 'out.nxs', '--png', 'out.png'], folder, FRAMES, 'frames');
    expectCleanInterrupt(run, folder, FRAMES, 'frames', ['out.nxs', 'out.png']);
  });
});
