import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { arange, array, fromScijs, full, toScijs, zeros } from './create.js';
import { isPandaasError } from './errors.js';

const values = async (p: { data(): Promise<ArrayLike<number>> }) => Array.from(await p.data());

describe('NdArray views', () => {
  const a = arange(0, 24, 1, { dtype: 'int32' }).reshape([2, 3, 4]);

  it('slices with steps and negative indices, without copying', async () => {
    const v = a.slice(1, [null, null, 2], [-1, 0, -1]);
    expect(v.shape).toEqual([2, 3]);
    expect(await values(v)).toEqual([15, 14, 13, 23, 22, 21]);
    expect(v.storage).toBe(a.storage);
  });

  it('transposes, flips, squeezes and expands', async () => {
    expect(await values(a.transpose().slice(0, 0))).toEqual([0, 12]);
    expect(await values(a.flip(2).slice(0, 0))).toEqual([3, 2, 1, 0]);
    const e = a.expandDims(1);
    expect(e.shape).toEqual([2, 1, 3, 4]);
    expect(e.squeeze().shape).toEqual([2, 3, 4]);
    expect(await values(e.squeeze(1))).toEqual(await values(a));
  });

  it('reshapes contiguous views and refuses strided ones', async () => {
    expect(a.reshape([4, -1]).shape).toEqual([4, 6]);
    expect(() => a.transpose().reshape([24])).toThrow(/non-contiguous/);
    const c = await a.transpose().copy();
    expect(await values(c.reshape([24]))).toEqual(await values(a.transpose()));
  });

  it('shares memory with scijs ndarray both ways', () => {
    const view = ndarray(new Float32Array(6), [2, 3]);
    const x = fromScijs(view.transpose(1, 0));
    expect(x.shape).toEqual([3, 2]);
    view.set(1, 2, 7);
    expect(x.get(2, 1)).toBe(7);
    const back = toScijs(x, ndarray);
    back.set(0, 1, 5);
    expect(view.get(1, 0)).toBe(5);
  });

  it('names the argument and value in errors', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('expected a throw');
    };
    const e1 = err(() => a.slice(5));
    expect(isPandaasError(e1, 'E_RANGE') && e1.message).toMatch(/axis 0 .*\[-2, 1\]; got 5/);
    const e2 = err(() => array([[1, 2], [3]]));
    expect(isPandaasError(e2, 'E_SHAPE') && e2.message).toMatch(/ragged: data\[1\]/);
    const e3 = err(() => zeros([2], { dtype: 'complex64' as never }));
    expect(isPandaasError(e3, 'E_DTYPE') && e3.message).toMatch(/options.dtype .*"complex64"/);
    const d = zeros([2]);
    d.dispose();
    expect(isPandaasError(err(() => d.dataSync()), 'E_DISPOSED')).toBe(true);
  });
});

describe('values and indices are checked', () => {
  it('bool arrays hold only 0 and 1, whatever they are built from', () => {
    expect(Array.from(array([0.5, 2, 0, NaN], { dtype: 'bool' }).dataSync())).toEqual([1, 1, 0, 1]);
    expect(Array.from(full([3], 5, { dtype: 'bool' }).dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(array(new Uint8Array([0, 2]), { dtype: 'bool' }).dataSync())).toEqual([0, 1]);
    expect(Array.from(arange(0, 3, 1, { dtype: 'bool' }).dataSync())).toEqual([0, 1, 1]);
    expect(array([true, 2.5]).dtype).toBe('float64');
    expect(array([[true], [false]]).dtype).toBe('bool');
  });

  it('get and set take one integer per axis and set takes a number', () => {
    const a = array([10, 20, 30]);
    expect(() => a.get(null as never)).toThrow(/one integer index per axis/);
    expect(() => a.get([2, 3] as never)).toThrow(/one integer index per axis/);
    expect(() => a.set(1, 'x' as never)).toThrow(/value must be a number; got "x"/);
    a.set(-1, 5);
    expect(a.get(2)).toBe(5);
  });

  it('fromScijs refuses strides or offsets that reach outside the data', () => {
    expect(() => fromScijs({ data: new Float32Array(4), shape: [10], stride: [1], offset: 0 })).toThrow(/indices 0..9 of view.data, which holds 4/);
    expect(() => fromScijs({ data: new Float32Array(4), shape: [2], stride: [1.5], offset: 0 })).toThrow(/view.stride must hold one integer per axis/);
    expect(() => fromScijs({ data: new Float32Array(4), shape: [2], stride: [-1], offset: 0 })).toThrow(/indices -1..0/);
  });
});
