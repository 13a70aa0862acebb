import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { array } from '../../create.js';
import { closeTestBackend, expectClose, openTestBackend } from '../test-helpers.js';
import type { WebGpuBackend } from '../webgpu-backend.js';

const here = dirname(fileURLToPath(import.meta.url));
const PIXELS = 2167 * 2070; // Eiger 4M

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(here, 'eiger4m-child.ts')],
      { cwd: join(here, '..', '..', '..'), timeout: 240_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await openTestBackend();
});
afterAll(closeTestBackend);

describe('Dawn garbage-collection crash (regression, full Eiger 4M size)', () => {
  it('survives forced collections, ~54 MB of preparation and a 4M-pixel sum and CSR integration in a child process', async () => {
    const { code, stdout, stderr } = await runChild();
    expect(code, `child failed:\n${stderr.slice(-2000)}`).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
    expect(result.pixels).toBe(PIXELS);
    expect(result.bins).toBe(1000);
    // compensated float32 sums against float64 sums of the same float32 data
    expect(result.totalError).toBeLessThan(1e-6);
    expect(result.binError).toBeLessThan(2e-6);
  }, 240_000);

  it('runs the original repro pattern in this process: preparation, then 16 MiB uploads each followed by onSubmittedWorkDone', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const junk = [new Int32Array(PIXELS), new Uint32Array(PIXELS), new Float32Array(PIXELS)];
    for (let i = 0; i < PIXELS; i++) junk[0][i] = Math.floor(Math.hypot(i % 2049, i / 2049));
    const frames = [];
    for (let k = 0; k < 4; k++) {
      gc();
      frames.push(array(new Float32Array(PIXELS).fill(k), { backend: 'webgpu' }));
      await backend.device.queue.onSubmittedWorkDone();
    }
    const last = await frames[3].slice([PIXELS - 5, null]).data();
    expectClose(last, [3, 3, 3, 3, 3]);
    expect(junk[0][PIXELS - 1]).toBe(Math.floor(Math.hypot((PIXELS - 1) % 2049, (PIXELS - 1) / 2049)));
    for (const f of frames) f.dispose();
  }, 120_000);
});
