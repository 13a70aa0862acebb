import { DTypeError } from '@pandaas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expected, fixture } from '../testing/data.js';
import type { H5File } from './objects.js';
import { openH5 } from './open.js';

// types.h5 holds every HDF5 type h5py writes; expected.json holds h5py's reading of each.
const h5py = expected['types.h5'];

describe('HDF5 types as NdArrays and as JS values (types.h5)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(fixture('types.h5'));
  });
  afterAll(() => file?.close());

  it.each([
    ['i1', 'int8'],
    ['i2', 'int16'],
    ['i4', 'int32'],
    ['u1', 'uint8'],
    ['u2', 'uint16'],
    ['u4', 'uint32'],
    ['f4', 'float32'],
    ['f8', 'float64'],
    ['i4_be', 'int32'],
    ['u2_be', 'uint16'],
    ['f8_be', 'float64'],
    ['f2', 'float32'],
    ['i8', 'float64'],
    ['u8', 'float64'],
    ['bool', 'bool'],
    ['enum', 'uint8'],
  ])('%s reads as %s with the values h5py gives', async (name, dtype) => {
    const ds = await file.dataset(name);
    expect(ds.dtype).toBe(dtype);
    const a = await ds.read();
    expect(a.dtype).toBe(dtype);
    expect(a.shape).toEqual(h5py[name].shape);
    expect(Array.from(a.dataSync())).toEqual(h5py[name].values);
  });

  it('reads big-endian data in machine order and records the file order', async () => {
    const ds = await file.dataset('f8_be');
    expect(ds.type).toMatchObject({ class: 'float', size: 8, littleEndian: false });
  });

  it('refuses int64 values that float64 cannot hold exactly, and gives them exactly as BigInts', async () => {
    const ds = await file.dataset('i8_big');
    await expect(ds.read()).rejects.toThrow(DTypeError);
    await expect(ds.read()).rejects.toThrow(/types\.h5 \(\/i8_big\): element 1 .* 9007199254740993/);
    const exact = (await ds.readValue()) as BigInt64Array;
    expect(Array.from(exact, String)).toEqual(h5py.i8_big);
    expect(Array.from((await (await file.dataset('u8_big')).readValue()) as BigUint64Array, String)).toEqual(h5py.u8_big);
    const small = await (await file.dataset('i8')).read([], { int64: 'int32' });
    expect(small.dtype).toBe('int32');
    expect(Array.from(small.dataSync())).toEqual(h5py.i8.values);
  });

  it('reads scalars and one-element datasets', async () => {
    const scalar = await file.dataset('scalar_f8');
    expect(scalar.shape).toEqual([]);
    const a = await scalar.read();
    expect(a.shape).toEqual([]);
    expect(a.get()).toBe(h5py.scalar_f8);
    expect(await scalar.readValue()).toBe(h5py.scalar_f8);
    expect(Array.from((await (await file.dataset('one_i4')).read()).dataSync())).toEqual(h5py.one_i4.values);
  });

  it('reads strings, records, HDF5 array types, vlen sequences and references as values', async () => {
    expect(await (await file.dataset('str_fixed')).readValue()).toEqual(h5py.str_fixed);
    expect(await (await file.dataset('str_vlen')).readValue()).toEqual(h5py.str_vlen);
    expect(await (await file.dataset('str_vlen')).readValue([[1, 3]])).toEqual(h5py.str_vlen.slice(1, 3));
    expect(await (await file.dataset('str_scalar')).readValue()).toBe(h5py.str_scalar);
    const records = await (await file.dataset('compound')).readValue();
    expect(records).toEqual(h5py.compound.map(([x, n, name]: [number, number, string]) => ({ x, n, name })));
    const arrays = await (await file.dataset('array_type')).readValue();
    expect((arrays as number[][][]).flat(2)).toEqual(h5py.array_type);
    const vlen = (await (await file.dataset('vlen_int')).readValue()) as Int32Array[];
    expect(vlen.map((v) => Array.from(v))).toEqual(h5py.vlen_int);
    expect(await (await file.dataset('refs')).readValue()).toEqual(h5py.refs.map((ref: string) => ({ ref, kind: 'object' })));
    expect(Array.from((await (await file.dataset('opaque')).readValue()) as Uint8Array)).toEqual([1, 2, 3, 4]);
  });

  it('gives empty and zero-size datasets their shapes', async () => {
    const empty = await file.dataset('empty');
    expect(empty.shape).toBeNull();
    expect(await empty.readValue()).toBeNull();
    await expect(empty.read()).rejects.toThrow(/empty dataspace/);
    const zero = await (await file.dataset('zero_size')).read();
    expect(zero.shape).toEqual([0, 5]);
    expect(zero.size).toBe(0);
  });

  it('refuses to make NdArrays of strings and compounds, naming the file, path and type', async () => {
    const err = await (await file.dataset('compound')).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DTypeError);
    expect((err as Error).message).toMatch(/types\.h5 \(\/compound\): a dataset of compound \{x: float32, n: int32, name: fixed-length \(8 bytes\) ascii string\} cannot become an NdArray/);
    await expect((await file.dataset('str_vlen')).read()).rejects.toThrow(DTypeError);
    expect((await file.dataset('str_vlen')).dtype).toBeUndefined();
  });

  it('decodes attributes of every type as h5py does', async () => {
    const attrs = await (await file.group('/attrs')).attrs();
    const h = h5py.attrs;
    expect(Object.keys(attrs).sort()).toEqual(Object.keys(h).sort());
    const plain = (v: unknown): unknown =>
      typeof v === 'bigint' ? String(v) : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
    for (const name of ['i1', 'u2', 'i8', 'u8', 'f4', 'f8_array', 'f8_be', 'bool', 'bool_array', 'enum', 'str_vlen', 'str_fixed', 'str_fixed_1', 'str_array', 'str_fixed_array', 'empty', 'array_type']) {
      expect([name, plain(attrs[name])]).toEqual([name, h[name]]);
    }
    expect(Array.from(attrs.i4_2d as Int32Array)).toEqual(h.i4_2d);
    expect(attrs.compound).toEqual({ x: h.compound[0], n: h.compound[1] });
    expect(attrs.ref).toEqual({ ref: h.ref, kind: 'object' });
  });
});
