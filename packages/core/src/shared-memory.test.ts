import { afterEach, describe, expect, it, vi } from 'vitest';
import { isShared, onShared } from './shared-memory.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('isShared', () => {
  it('tells arrays on a SharedArrayBuffer from the others, views included', () => {
    expect(isShared(new Float32Array(new SharedArrayBuffer(8)))).toBe(true);
    expect(isShared(new Int16Array(new SharedArrayBuffer(8)).subarray(1, 3))).toBe(true);
    expect(isShared(new Float32Array(2))).toBe(false);
    expect(isShared(new DataView(new ArrayBuffer(4)))).toBe(false);
  });

  it('is false where there is no SharedArrayBuffer', () => {
    const shared = new Float32Array(new SharedArrayBuffer(8));
    vi.stubGlobal('SharedArrayBuffer', undefined);
    expect(isShared(shared)).toBe(false);
  });
});

describe('onShared', () => {
  it('returns arrays on shared memory as they are, and copies the others there', () => {
    const shared = new Float32Array(new SharedArrayBuffer(8));
    expect(onShared(shared)).toBe(shared);
    const plain = Float64Array.of(1, 2, 3, 4).subarray(1, 3);
    const copy = onShared(plain);
    expect(copy).toBeInstanceOf(Float64Array);
    expect(copy.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(copy.byteOffset).toBe(0);
    expect(Array.from(copy)).toEqual([2, 3]);
    const bytes = onShared(Uint8Array.of(0, 255));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes)).toEqual([0, 255]);
  });

  it('returns the array itself where there is no SharedArrayBuffer', () => {
    const plain = Int32Array.of(-1, 7);
    vi.stubGlobal('SharedArrayBuffer', undefined);
    expect(onShared(plain)).toBe(plain);
  });
});
