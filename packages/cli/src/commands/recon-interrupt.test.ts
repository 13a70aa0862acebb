/**
 * Ctrl-C in the middle of `pandaas recon`, in a real child process, on a taller scan (the tooth's
 * 2 rows repeated to 40, one slice per batch): the command stops, exits 130, and leaves neither
 * the volume nor the picture nor a staging folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, spawnCli } from '../testing/run-cli.js';
import { partialsIn, removeFolder, temporaryFolder, toothArrays, toothStack, writeNxTomo } from './recon/testing/fixtures.js';

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
    const child = spawnCli(['recon', 'tall.nxs', '--cor', '296', '--batch', '1', '-o', 'tall-volume.nxs', '--png', 'tall.png'], { cwd: folder });
    const run = finished(child);
    // the first progress line (after the first slice) says the volume is being written
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (new RegExp(`\\d+/${ROWS} slices`).test(seen)) resolve();
      });
      child.once('exit', () => reject(new Error(`pandaas ended before its first progress line:\n${seen}`)));
    });
    child.kill('SIGINT');
    const { status, stderr } = await run;
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/stopping/);
    expect(stderr).toMatch(/interrupted: outputs under way were removed/);
    expect(stderr).not.toMatch(new RegExp(`${ROWS}/${ROWS} slices`));
    expect(existsSync(join(folder, 'tall-volume.nxs'))).toBe(false);
    expect(existsSync(join(folder, 'tall.png'))).toBe(false);
    expect(partialsIn(folder)).toEqual([]);
  });
});
