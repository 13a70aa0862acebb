/**
 * Ctrl-C in the middle of `pandaas recon`, in a real child process, on a taller scan (the tooth's
 * 2 rows repeated to 40, one slice per batch): the command stops, exits 130, and leaves neither
 * the volume nor the picture nor a staging folder.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectCleanInterrupt, interruptAtProgress } from '../testing/interrupt.js';
import { removeFolder, temporaryFolder, toothArrays, toothStack, writeNxTomo } from './recon/testing/fixtures.js';

const ROWS = 40;
let folder: string;

beforeAll(async () => {
  folder = temporaryFolder();
  await writeNxTomo(join(folder, 'tall.nxs'), toothStack(await toothArrays(), ROWS));
});

afterAll(() => {
  removeFolder(folder);
});

describe('pandaas recon, interrupted', () => {
  it('stops on SIGINT during the volume: exit 130, no output file, no .pandaas-partial-* folder', async () => {
    // interrupted at the first progress line (after the first slice): the volume is being written
    const run = await interruptAtProgress(['recon', 'tall.nxs', '--cor', '296', '--batch', '1', '-o', 'tall-volume.nxs', '--png', 'tall.png'], folder, ROWS, 'slices');
    expectCleanInterrupt(run, folder, ROWS, 'slices', ['tall-volume.nxs', 'tall.png']);
  });
});
