import { describe, expect, it } from 'vitest';
import { createSpecialiser } from './specialise.js';

const table = {
  scale: (n: number, x: Float64Array | Float32Array, out: Float64Array | Float32Array, f: (v: number) => number) => {
    for (let i = 0; i < n; i++) out[i] = f(x[i]);
  },
  twice: (v: number) => 2 * v,
  half: '(v) => v / 2',
};

describe('createSpecialiser', () => {
  it('compiles one copy per loop, functions and array classes, and reuses it', () => {
    const specialise = createSpecialiser(table);
    const f64 = [3, new Float64Array([1, 2, 3]), new Float64Array(3)] as const;
    const f32 = [3, new Float32Array([1, 2, 3]), new Float32Array(3)] as const;
    const a = specialise('scale', ['twice'], f64);
    expect(a).toBe(specialise('scale', ['twice'], f64));
    expect(a.run).not.toBe(table.scale);
    expect(specialise('scale', ['twice'], f32).run).not.toBe(a.run);
    expect(specialise('scale', ['half'], f64).run).not.toBe(a.run);
    a.run(...f64, ...a.fns);
    expect(Array.from(f64[2])).toEqual([2, 4, 6]);
    const b = specialise('scale', ['half'], f32);
    b.run(...f32, ...b.fns);
    expect(Array.from(f32[2])).toEqual([0.5, 1, 1.5]);
  });

  it('names a missing entry, and uses a function whose source does not compile alone as it is', () => {
    const method = { triple(v: number) { return 3 * v; } }.triple; // its source, "triple(v) {...}", is no expression
    const specialise = createSpecialiser({ ...table, triple: method });
    expect(() => specialise('nope', [], [])).toThrow('no loop or function named "nope"');
    const k = specialise('scale', ['triple'], [1, new Float64Array([2]), new Float64Array(1)]);
    expect(k.fns[0]).toBe(method);
  });
});
