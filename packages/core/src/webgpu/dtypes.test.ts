import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { array } from '../create.js';
import { typedArrayConstructor, type DType } from '../dtype.js';
import { BackendError, DTypeError } from '../errors.js';
import { NdArray } from '../ndarray.js';
import { closeTestBackend, expectClose, onGpu, openTestBackend } from './test-helpers.js';
import type { WebGpuBackend } from './webgpu-backend.js';

let backend: WebGpuBackend;
beforeAll(async () => {
  backend = await openTestBackend();
});
afterAll(closeTestBackend);

const EDGES: Record<Exclude<DType, 'float64'>, number[]> = {
  float32: [0, -0, 1.5, -3e38, NaN, Infinity, 1e-45],
  int32: [-2147483648, 2147483647, -1, 0],
  uint32: [0, 4294967295, 2147483648],
  int16: [-32768, 32767, -1],
  uint16: [0, 65535, 32768],
  int8: [-128, 127, -1],
  uint8: [0, 255, 128],
  bool: [0, 1, 1, 0],
};

describe('webgpu dtypes', () => {
  it('round-trips every dtype but float64 (narrow ones widened on the GPU, narrowed back)', async () => {
    for (const [dtype, values] of Object.entries(EDGES) as [DType, number[]][]) {
      const source = new (typedArrayConstructor(dtype))(values.length);
      values.forEach((v, i) => (source[i] = v));
      const back = await onGpu(source, dtype).data();
      expect(back.constructor).toBe(source.constructor);
      expectClose(back, source);
      // a view at an offset reads back from the middle of the buffer
      expectClose(await onGpu(source, dtype).slice([1, null]).data(), source.subarray(1));
    }
  });

  it('uploads arrays over shared memory in chunks (Dawn refuses SharedArrayBuffer views)', async () => {
    const n = 1_500_000; // 6 MB: two 4 MiB chunks
    const shared = new Float32Array(new SharedArrayBuffer(n * 4));
    for (let i = 0; i < n; i++) shared[i] = i * 0.5;
    const back = await array(shared, { backend: 'webgpu' }).data();
    expect(back[0]).toBe(0);
    expect(back[1_048_576]).toBe(524_288); // first element of the second chunk
    expect(back[n - 1]).toBe((n - 1) * 0.5);
    expectClose(back, shared);
  });

  it('refuses float64 on upload, naming the dtype and the castFloat64 option', async () => {
    expect(() => array([1, 2, 3], { backend: 'webgpu' })).toThrow(DTypeError);
    expect(() => array([1, 2, 3], { backend: 'webgpu' })).toThrow(/float64 .* castFloat64: true/);
    const cpu = array([0.1, 2, 3]);
    await expect(cpu.to('webgpu')).rejects.toThrow(/castFloat64: true/);
    const moved = await cpu.to('webgpu', { castFloat64: true });
    expect(moved.dtype).toBe('float32');
    expectClose(await moved.data(), [Math.fround(0.1), 2, 3]);
  });

  it('refuses float64 kernel outputs and storage past the binding limit', () => {
    expect(() => backend.createStorage('float64', 4)).toThrow(/float64/);
    const tooMany = backend.maxBindingBytes / 4 + 1;
    expect(() => backend.createStorage('float32', tooMany)).toThrow(BackendError);
    expect(() => backend.createStorage('float32', tooMany)).toThrow(/largest storage binding/);
  });

  it('allocates zero-filled storage even from a reused buffer', async () => {
    onGpu(new Int32Array(300).fill(-7), 'int32').dispose(); // a dirty buffer back in the pool
    const zeros = new NdArray(backend.allocate('int16', 300), [300]);
    expectClose(await zeros.data(), new Int16Array(300));
  });
});
