import { describe, expect, it } from 'vitest';
import { availableBackends, initBackend, shutdownBackends } from './backend-registry.js';
import { isPandaasError } from './errors.js';

describe('backends on this machine', () => {
  it('always offers cpu, and webgpu wherever PANDAAS_REQUIRE_WEBGPU=1 says an adapter must answer', async () => {
    const names = await availableBackends();
    expect(names).toContain('cpu');
    // .ci/run and the Linux CI leg set this: there the WebGPU suites must run, never quietly drop out
    const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
    if (names.includes('webgpu') || required) {
      const backend = await initBackend('webgpu');
      expect(backend.describe()).toMatch(/\S/);
    } else {
      const failure = await initBackend('webgpu').catch((err: unknown) => err);
      expect(isPandaasError(failure, 'E_BACKEND') && failure.message).toMatch(/webgpu: .*available: cpu/);
    }
    await shutdownBackends();
  });
});
