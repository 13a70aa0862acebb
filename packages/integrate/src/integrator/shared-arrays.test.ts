import { describe, expect, it } from 'vitest';
import { FrameScratch, onShared } from './shared-arrays.js';

describe('onShared', () => {
  it('returns arrays on shared memory as they are, and copies the others there', () => {
    const shared = new Float32Array(new SharedArrayBuffer(8));
    expect(onShared(shared)).toBe(shared);
    const plain = Float64Array.of(1, 2, 3, 4).subarray(1, 3);
    const copy = onShared(plain);
    expect(copy).toBeInstanceOf(Float64Array);
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(copy)).toEqual([2, 3]);
  });
});

describe('FrameScratch', () => {
  it('copies frames that are not shared into one kept array per class, and passes shared ones through', () => {
    const scratch = new FrameScratch();
    const a = scratch.shared(Int32Array.of(1, 2, 3));
    const b = scratch.shared(Int32Array.of(4, 5, 6));
    expect(b).toBe(a);
    expect(Array.from(b)).toEqual([4, 5, 6]);
    expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(scratch.shared(Uint16Array.of(7, 8, 9))).not.toBe(a);
    const shared = new Float32Array(new SharedArrayBuffer(12));
    expect(scratch.shared(shared)).toBe(shared);
    scratch.clear();
    expect(scratch.shared(Int32Array.of(1, 2, 3))).not.toBe(a);
  });
});
