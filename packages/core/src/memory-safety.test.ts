import ndarray from 'ndarray';
import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, getBackend, initBackend, shutdownBackends } from './backend-registry.js';
import { array, full, toScijs, zeros } from './create.js';
import type { TypedArray } from './dtype.js';
import { add, exp, mul } from './ops/elementwise.js';

afterAll(shutdownBackends);

describe('memory handed to user code is never recycled, and inputs live until their kernel ends', () => {
  it('a scijs view of a strided array keeps its buffer after dispose', async () => {
    const x = await add(zeros([100, 100]), zeros([100, 100]));
    const view = toScijs(x.transpose(), ndarray);
    x.dispose();
    const next = await add(full([100, 100], 7), full([100, 100], 0));
    expect(view.data[0]).toBe(0);
    expect(next.storage.buffer).not.toBe(view.data);
  });

  it('disposing an input while a pooled CPU kernel reads it does not change the result', async () => {
    const n = 2 ** 20;
    const t = await exp(zeros([n], { dtype: 'float32' })); // ones, in recyclable memory
    const pending = add(t, zeros([n], { dtype: 'float32' }));
    t.dispose(); // freed only when add is done
    const other = mul(full([n], 9, { dtype: 'float32' }), full([n], 1, { dtype: 'float32' }));
    const [sum] = await Promise.all([pending, other]);
    const values = await sum.data();
    expect(values.every((v) => v === 1)).toBe(true);
  });

  it('disposing an input before its GPU dispatch is submitted does not change the result', async () => {
    const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
    if (!(await availableBackends()).includes('webgpu') && !required) {
      expect(getBackend('cpu').name).toBe('cpu'); // no GPU here: the CPU case above stands alone
      return;
    }
    await initBackend('webgpu');
    const n = 65_536;
    const on = { backend: 'webgpu', dtype: 'float32' } as const;
    const t = await exp(zeros([n], on));
    const pending = add(t, zeros([n], on));
    t.dispose();
    const overwrite = array(new Float32Array(n).fill(9), on);
    const values = await (await pending).data();
    expect(values.every((v) => v === 1)).toBe(true);
    overwrite.dispose();
  });

  it('moving to the CPU gives shared memory, so the worker pool can use it', async () => {
    const back = await (await add(zeros([8192]), zeros([8192]))).to('cpu');
    expect((back.storage.buffer as TypedArray).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
