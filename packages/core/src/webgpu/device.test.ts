import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { array } from '../create.js';
import { BackendError } from '../errors.js';
import { copy } from './kernels/copy.js';
import { cumsum } from '../ops/cumsum.js';
import { reduce } from '../ops/reduce.js';
import { createWebGpuBackend } from './index.js';
import { foldGrid } from './program.js';
import { closeTestBackend, expectClose, openTestBackend, seeded, typed } from './test-helpers.js';
import type { WebGpuBackend } from './webgpu-backend.js';

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await openTestBackend();
});
afterAll(closeTestBackend);

describe('webgpu device', () => {
  it('describes the adapter and the limits it asked for', () => {
    const { info } = backend;
    expect(['core', 'compatibility']).toContain(info.featureLevel);
    expect(info.api).toBe('dawn');
    expect(info.description + info.vendor + info.device).not.toBe('');
    expect(backend.describe()).toContain(info.description);
    // compatibility mode defaults to 128 invocations: asking for the adapter's limit gives 256
    expect(info.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    expect(backend.workgroupSize).toBe(256);
    expect(backend.maxBindingBytes).toBe(Math.min(info.limits.maxStorageBufferBindingSize, info.limits.maxBufferSize));
  });

  it('refuses a back end that does not exist, naming it and why', async () => {
    const error = await createWebGpuBackend({ backend: 'no-such-api' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/no WebGPU adapter \(forced by options.backend="no-such-api"\): no-such-api \(core\): .*unrecognised.*; no-such-api \(compatibility\)/s);
    const saved = process.env.PANDAAS_WEBGPU_BACKEND;
    process.env.PANDAAS_WEBGPU_BACKEND = 'also-missing';
    try {
      await expect(createWebGpuBackend()).rejects.toThrow(/PANDAAS_WEBGPU_BACKEND="also-missing"/);
    } finally {
      if (saved === undefined) delete process.env.PANDAAS_WEBGPU_BACKEND;
      else process.env.PANDAAS_WEBGPU_BACKEND = saved;
    }
  });

  it('reports WGSL that does not compile, and (validating) submissions WebGPU rejects, as BackendErrors', async () => {
    await expect(backend.program('test:broken', () => 'fn main( {')).rejects.toThrow(/WGSL of kernel "test:broken" does not compile/);
    const program = await backend.program('test:store-one', () => '@group(0) @binding(0) var<storage, read_write> out: array<f32>;\n@compute @workgroup_size(1) fn main() { out[0] = 1.0; }');
    const notStorage = backend.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    await expect(backend.run([{ program, storages: { out: notStorage }, workgroups: 1 }])).rejects.toThrow(/validation failed in test:store-one/);
    notStorage.destroy();
  });

  it('shuts down: the device is destroyed and later use throws a BackendError', async () => {
    const own = await createWebGpuBackend();
    const a = array(new Float32Array([1, 2, 3]), { backend: own });
    expect(Array.from(await a.data())).toEqual([1, 2, 3]);
    await own.shutdown();
    await own.shutdown(); // idempotent
    expect(() => own.upload(new Float32Array(2), 'float32')).toThrow(/shut down/);
    await expect(a.data()).rejects.toThrow(BackendError);
  });

  it('folds grids past the per-dimension limit into 2-D (limit lowered to 16 workgroups)', async () => {
    expect(foldGrid(70_000, 65_535)).toEqual([35_000, 2]);
    expect(foldGrid(10, 4)).toEqual([4, 3]);
    expect(foldGrid(9, 3)).toEqual([3, 3]);
    expect(() => foldGrid(10, 3)).toThrow(BackendError);
    const small = await createWebGpuBackend({ maxWorkgroupsPerDimension: 16, validate: true });
    try {
      const random = seeded(3);
      const values = typed('float32', 10 * 5000, () => random());
      const x = array(values, { shape: [10, 5000], backend: small });
      const strided = await copy({ x: x.transpose() }, {}); // 196 workgroups on a 16 x 13 grid
      const transposed = Float32Array.from({ length: values.length }, (_, i) => values[(i % 10) * 5000 + Math.floor(i / 10)]);
      expectClose(await strided.data(), transposed);
      const sums = await reduce('sum', x, { axis: 1 }); // 10 outputs x 5 workgroups each
      const expected = Array.from({ length: 10 }, (_, r) => Array.from(values.subarray(r * 5000, (r + 1) * 5000)).reduce((s, v) => s + v, 0));
      expectClose(await sums.data(), expected, { rtol: 2.4e-7 });
      const scan = await cumsum(x, { axis: 1 }); // 5 blocks per row: totals, offsets, scan
      const last = (await scan.data()).filter((_, i) => i % 5000 === 4999);
      expectClose(last, expected, { rtol: 2.4e-7 });
    } finally {
      await small.shutdown();
    }
  });
});
