import { describe, expect, it } from 'vitest';
import { getBackend } from '../backend-registry.js';
import { array } from '../create.js';
import { add } from '../ops/elementwise.js';
import type { TypedArray } from '../dtype.js';

const n = 1 << 16;
const bufferOf = (a: { storage: { buffer: unknown } }) => (a.storage.buffer as TypedArray).buffer;

describe('CPU storage recycling', () => {
  it('reuses the buffer of a disposed output nobody saw, zero-filled', async () => {
    const a = array(new Float32Array(n).fill(1));
    const first = await add(a, a);
    const memory = bufferOf(first);
    first.dispose();
    const storage = getBackend('cpu').allocate('float32', n);
    expect((storage.buffer as TypedArray).buffer).toBe(memory);
    expect((storage.buffer as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it('never reuses memory handed out by dataSync() or given by the user', async () => {
    const given = new Float32Array(new SharedArrayBuffer(n * 4)).fill(2);
    const a = array(given);
    const out = await add(a, a);
    const seen = out.dataSync();
    out.dispose();
    a.dispose();
    const next = getBackend('cpu').allocate('float32', n);
    const again = getBackend('cpu').allocate('float32', n);
    for (const s of [next, again]) {
      expect((s.buffer as TypedArray).buffer).not.toBe(seen.buffer);
      expect((s.buffer as TypedArray).buffer).not.toBe(given.buffer);
    }
    expect(seen[0]).toBe(4);
    expect(given[0]).toBe(2);
  });
});
