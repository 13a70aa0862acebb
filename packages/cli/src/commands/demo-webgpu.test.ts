/**
 * `pandaas demo --backend webgpu`: the integration on the GPU gives the peaks the CPU gives.
 * Never skipped: where WebGPU is not available (and PANDAAS_REQUIRE_WEBGPU=1 does not demand it),
 * the test checks the clear refusal instead.
 */
import { availableBackends } from '@pandaas/core';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../demo/report.js';
import { runCli } from '../testing/run-cli.js';

const gpu = process.env.PANDAAS_REQUIRE_WEBGPU === '1' || (await availableBackends()).includes('webgpu');
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'pandaas-demo-gpu-test-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('pandaas demo --backend webgpu', () => {
  // The bound: the WebGPU sums are within 1e-5 (relative) of the CPU's on bins of >= 100 pixels
  // (docs/integrate.md), which moves a fitted centre by about 1e-5 times the FWHM (0.03°): 3e-7°.
  it(`${gpu ? 'fits the same peaks as on the CPU (5e-7°)' : 'says clearly that WebGPU is not available here (exit 7), writing nothing'}`, async () => {
    const target = join(folder, 'gpu-output');
    const run = await runCli(['demo', '-o', target, '--backend', 'webgpu', '--json'], { cwd: folder });
    if (!gpu) {
      expect(run.status).toBe(7);
      expect(run.stderr).toMatch(/--backend webgpu: WebGPU is not available here .*--backend cpu/);
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(folder)).toEqual([]);
      return;
    }
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as DemoReport;
    expect(doc.machine.backend).toBe('webgpu');
    expect(doc.integration.method).toBe('bbox-csr-webgpu');
    const cpuRun = await runCli(['demo', '-o', join(folder, 'cpu-output'), '--json'], { cwd: folder });
    expect(cpuRun.status, cpuRun.stderr).toBe(0);
    const cpu = JSON.parse(cpuRun.stdout) as DemoReport;
    expect(doc.peaks.map((p) => p.hkl)).toEqual(cpu.peaks.map((p) => p.hkl));
    const worst = Math.max(...doc.peaks.map((p, k) => Math.abs(p.twoTheta - cpu.peaks[k]!.twoTheta)));
    console.log(`demo webgpu vs cpu: fitted 2θ within ${worst.toExponential(2)}°`);
    expect(worst).toBeLessThan(5e-7);
  }, 60_000);
});
