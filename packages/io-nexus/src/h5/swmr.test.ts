import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openH5 } from './open.js';

// A writer in another process (h5py in SWMR mode, as BLISS and Eiger writers do) appends frames
// while this process reads the file with { swmr: true }.
const PYTHON = '/usr/bin/python3';
const WRITER = `
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], 'w', libver='latest')
ds = f.create_dataset('data', shape=(2, 4), maxshape=(None, 4), chunks=(1, 4), dtype='i4')
ds[:] = np.arange(8).reshape(2, 4)
f.swmr_mode = True
f.flush()
print('ready', flush=True)
sys.stdin.readline()
ds.resize((5, 4))
ds[2:5] = np.arange(8, 20).reshape(3, 4)
ds.flush()
print('grown', flush=True)
sys.stdin.readline()
f.close()
`;

describe('SWMR reading of a file still being written', () => {
  let dir: string;
  beforeAll(() => {
    const probe = spawnSync(PYTHON, ['-c', 'import h5py']);
    if (probe.status !== 0) throw new Error(`this test needs ${PYTHON} with h5py (Debian: apt-get install python3-h5py): ${probe.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'pandaas-swmr-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees the frames appended after opening once the dataset is refreshed', async () => {
    const path = join(dir, 'live.h5');
    const writer = spawn(PYTHON, ['-c', WRITER, path], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: writer.stdout })[Symbol.asyncIterator]();
    const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    try {
      expect((await lines.next()).value).toBe('ready');
      const file = await openH5(path, { swmr: true });
      try {
        const ds = await file.dataset('/data');
        expect(ds.shape).toEqual([2, 4]);
        expect(ds.maxshape).toEqual([null, 4]);
        writer.stdin.write('\n');
        expect((await lines.next()).value).toBe('grown');
        await ds.refresh();
        expect(ds.shape).toEqual([5, 4]);
        expect(Array.from((await ds.read([[2, 5]])).dataSync())).toEqual(Array.from({ length: 12 }, (_, i) => i + 8));
      } finally {
        await file.close();
      }
      writer.stdin.write('\n');
      expect(await exited).toBe(0);
    } finally {
      writer.kill();
    }
  });

  it('refresh() also works on a file opened without swmr (it reloads the same metadata)', async () => {
    const path = join(dir, 'plain.h5');
    const run = spawnSync(PYTHON, ['-c', `import h5py; h5py.File(${JSON.stringify(path)}, 'w', libver='latest').create_dataset('d', data=[1, 2, 3])`]);
    expect(run.status).toBe(0);
    const file = await openH5(path);
    try {
      const ds = await file.dataset('/d');
      await ds.refresh();
      expect(ds.shape).toEqual([3]);
      expect(Array.from((await ds.read()).dataSync())).toEqual([1, 2, 3]);
    } finally {
      await file.close();
    }
  });
});
