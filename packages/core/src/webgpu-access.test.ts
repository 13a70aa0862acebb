import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { availableBackends, initBackend, registerBackend, shutdownBackends } from './backend-registry.js';
import { isPandaasError } from './errors.js';
import { initWebGpuBackend } from './webgpu-access.js';
import { createWebGpuBackend } from './webgpu/index.js';

afterAll(async () => {
  registerBackend('webgpu', () => createWebGpuBackend()); // the default factory again, for later files
  await shutdownBackends();
});

describe('initWebGpuBackend', () => {
  it('returns the registry\'s WebGPU backend with its device, or the BackendError of a missing adapter', async () => {
    // .ci/run and the Linux CI leg set this: there an adapter must answer
    const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
    if (required || (await availableBackends()).includes('webgpu')) {
      const gpu = await initWebGpuBackend();
      expect(gpu).toBe(await initBackend('webgpu'));
      expect(typeof gpu.device.createBuffer).toBe('function');
      expect(gpu.workgroupSize).toBeGreaterThanOrEqual(64);
    } else {
      const failure = await initWebGpuBackend().catch((err: unknown) => err);
      expect(isPandaasError(failure, 'E_BACKEND')).toBe(true);
    }
  });

  it('refuses another backend registered under the name webgpu', async () => {
    await shutdownBackends();
    const impostor: Backend = {
      name: 'webgpu',
      upload: () => {
        throw new Error('unused');
      },
      allocate: () => {
        throw new Error('unused');
      },
      read: () => Promise.reject(new Error('unused')),
      free: () => undefined,
      describe: () => 'an impostor',
    };
    registerBackend('webgpu', async () => impostor);
    const failure = await initWebGpuBackend().catch((err: unknown) => err);
    expect(isPandaasError(failure, 'E_BACKEND') && failure.message).toMatch(/not pandaas' WebGpuBackend .*"an impostor"/);
  });
});
