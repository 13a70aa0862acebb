/**
 * Ctrl-C while `pandaas plot` draws a large figure, in a real child process: the command stops,
 * exits 130, and leaves neither the picture nor its staging folder.
 */
import { writeH5 } from '@pandaas/io-nexus';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, spawnCli } from '../testing/run-cli.js';
import { partialsIn, removeFolder, temporaryFolder } from './integrate/testing/fixtures.js';

/** Figure side in pixels: drawing and encoding an 8000 x 8000 PNG takes about 2 s on this machine, time enough to interrupt it. */
const SIDE = 8000;
let folder: string;

beforeAll(async () => {
  folder = temporaryFolder();
  const image = Float64Array.from({ length: 64 * 64 }, (_, i) => (i * 7919) % 101);
  await writeH5(join(folder, 'image.h5'), async (w) => w.dataset('/image', image, { shape: [64, 64] }));
});

afterAll(() => {
  removeFolder(folder);
});

/** Resolves once `folder` holds a `.pandaas-partial-*` folder (the output staged: the work has begun). */
function staged(child: ReturnType<typeof spawnCli>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (partialsIn(folder).length === 0) return;
      clearInterval(timer);
      resolve();
    }, 5);
    child.once('exit', () => {
      clearInterval(timer);
      reject(new Error('pandaas plot ended before its output was staged'));
    });
  });
}

describe('pandaas plot, interrupted', () => {
  it('stops on SIGINT while drawing: exit 130, no picture, no .pandaas-partial-* folder', async () => {
    const child = spawnCli(['plot', 'image.h5::/image', '--width', String(SIDE), '--height', String(SIDE), '-o', 'large.png'], { cwd: folder });
    const run = finished(child);
    await staged(child);
    child.kill('SIGINT');
    const { status, stdout, stderr } = await run;
    expect(status, stderr).toBe(130);
    // handled by pandaas (not a process killed by the signal): it says what it removed
    expect(stderr).toMatch(/stopping/);
    expect(stderr).toMatch(/pandaas plot: interrupted: outputs under way were removed/);
    expect(stdout).toBe('');
    expect(existsSync(join(folder, 'large.png'))).toBe(false);
    expect(partialsIn(folder)).toEqual([]);
  });
});
