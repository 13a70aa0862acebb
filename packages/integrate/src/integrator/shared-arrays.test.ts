import { describe, expect, it } from 'vitest';
import { FrameScratch, sharedCorrections } from './shared-arrays.js';

describe('sharedCorrections', () => {
  it('puts norm, dark and a used variance on shared memory, and leaves the unused ones empty', () => {
    const norm = Float32Array.of(1, 2);
    const dark = Float32Array.of(3, 4);
    const variance = Float32Array.of(5, 6);
    const invalid = new Uint8Array(2);
    const used = sharedCorrections({ norm, invalid, dark, variance, errorModel: 'variance' });
    for (const [a, expected] of [[used.norm, [1, 2]], [used.dark, [3, 4]], [used.variance, [5, 6]]] as const) {
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(a)).toEqual(expected);
    }
    const unused = sharedCorrections({ norm, invalid, variance, errorModel: 'poisson' });
    expect(unused.dark.length).toBe(0);
    expect(unused.variance.length).toBe(0);
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
    const f32 = scratch.of('float32', 3);
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(scratch.of('float32', 3)).toBe(f32);
    expect(scratch.of('float32', 4)).not.toBe(f32);
    scratch.clear();
    expect(scratch.shared(Int32Array.of(1, 2, 3))).not.toBe(a);
  });
});
