/**
 * `pandaas recon --backend webgpu`: the volume on the GPU within the backprojector's stated bound
 * of the CPU's. Never skipped: where WebGPU is not available (and PANDAAS_REQUIRE_WEBGPU=1 does
 * not demand it), the test checks the clear refusal (exit 7, nothing written) instead.
 */
import { availableBackends } from '@pandaas/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';
import { partialsIn, readVolume, removeFolder, temporaryFolder, TOOTH } from './recon/testing/fixtures.js';

const gpu = process.env.PANDAAS_REQUIRE_WEBGPU === '1' || (await availableBackends()).includes('webgpu');
let folder: string;

beforeAll(() => {
  folder = temporaryFolder();
});

afterAll(() => {
  removeFolder(folder);
});

describe('pandaas recon --backend webgpu', () => {
  // The bound of @pandaas/tomo's WebGPU backprojector (docs of Backprojector, float32 sums):
  // within 2e-6·sqrt(nAngles) of the largest value of the CPU result, 181 angles here.
  it(`${gpu ? 'gives the CPU volume within 2e-6·sqrt(181) of its largest value' : 'says clearly that WebGPU is not available here (exit 7), writing nothing'}`, async () => {
    const run = await runCli(['recon', TOOTH.nxtomo, '--cor', '296', '--backend', 'webgpu', '-o', 'gpu.nxs'], { cwd: folder });
    if (!gpu) {
      expect(run.status).toBe(7);
      expect(run.stderr).toMatch(/--backend webgpu: WebGPU is not available here .*--backend cpu/);
      expect(existsSync(join(folder, 'gpu.nxs'))).toBe(false);
      expect(partialsIn(folder)).toEqual([]);
      return;
    }
    expect(run.status, run.stderr).toBe(0);
    const cpuRun = await runCli(['recon', TOOTH.nxtomo, '--cor', '296', '-o', 'cpu.nxs'], { cwd: folder });
    expect(cpuRun.status, cpuRun.stderr).toBe(0);
    const onGpu = (await readVolume(join(folder, 'gpu.nxs'))).values;
    const onCpu = (await readVolume(join(folder, 'cpu.nxs'))).values;
    let largest = 0;
    let worst = 0;
    for (let i = 0; i < onCpu.length; i++) {
      largest = Math.max(largest, Math.abs(onCpu[i]!));
      worst = Math.max(worst, Math.abs(onGpu[i]! - onCpu[i]!));
    }
    expect(worst, `max |Δ| ${worst}, largest ${largest}`).toBeLessThanOrEqual(2e-6 * Math.sqrt(181) * largest);
  });
});
