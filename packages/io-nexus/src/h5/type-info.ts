import type { DType } from '@pandaas/core';
import type { Metadata } from 'h5wasm';
import type { H5Type, H5TypeClass } from './types.js';

/** HDF5's H5T_class_t, in its order. */
const CLASSES: readonly H5TypeClass[] = ['integer', 'float', 'time', 'string', 'bitfield', 'opaque', 'compound', 'reference', 'enum', 'vlen', 'array'];

/** The plain-data description of an h5wasm type metadata record. */
export function typeInfo(meta: Metadata): H5Type {
  const cls = CLASSES[meta.type] ?? 'unknown';
  const base: { class: H5TypeClass; size: number } = { class: cls, size: meta.size };
  switch (cls) {
    case 'integer':
    case 'bitfield':
      return { ...base, signed: meta.signed, littleEndian: meta.littleEndian };
    case 'float':
      return { ...base, littleEndian: meta.littleEndian };
    case 'string':
      return { ...base, variableLength: meta.vlen, charset: meta.cset === 1 ? 'utf-8' : 'ascii' };
    case 'compound':
      return {
        ...base,
        members: (meta.compound_type?.members ?? []).map((m) => ({ name: m.name, offset: m.offset, type: typeInfo(m) })),
      };
    case 'enum': {
      const enumType = meta.enum_type;
      const baseType = typeInfo({ ...meta, type: enumType?.type ?? 0, enum_type: undefined });
      return { ...base, enumMembers: { ...(enumType?.members ?? {}) }, base: baseType };
    }
    case 'array':
      return meta.array_type === undefined ? base : { ...base, base: typeInfo(meta.array_type), dims: [...(meta.array_type.shape ?? [])] };
    case 'vlen':
      return meta.vlen_type === undefined ? base : { ...base, base: typeInfo(meta.vlen_type) };
    case 'reference':
      return { ...base, reference: meta.ref_type === 'region' ? 'region' : 'object' };
    default:
      return base;
  }
}

/** Whether an enum is h5py's boolean (`FALSE = 0`, `TRUE = 1`). */
export function isBooleanEnum(type: H5Type): boolean {
  const m = type.enumMembers;
  return m !== undefined && Object.keys(m).length === 2 && m.FALSE === 0 && m.TRUE === 1;
}

const INT_DTYPES: Record<number, [DType, DType]> = { 1: ['int8', 'uint8'], 2: ['int16', 'uint16'], 4: ['int32', 'uint32'] };

/**
 * The NdArray dtype a dataset of this type reads as, or `undefined` when it cannot become an
 * NdArray (strings, compounds, references, ...). 64-bit integers read as `int64` decides; half
 * floats read as float32; h5py's boolean enum as `bool`; other enums as their integer type.
 */
export function ndDType(type: H5Type, int64: 'float64' | 'int32' = 'float64'): DType | undefined {
  if (type.class === 'enum' && type.base !== undefined) return isBooleanEnum(type) ? 'bool' : ndDType(type.base, int64);
  if (type.class === 'integer' || type.class === 'bitfield') {
    if (type.size === 8) return int64;
    const pair = INT_DTYPES[type.size];
    return pair === undefined ? undefined : pair[type.signed ? 0 : 1];
  }
  if (type.class === 'float') return type.size === 8 ? 'float64' : type.size === 4 || type.size === 2 ? 'float32' : undefined;
  return undefined;
}

/** A short human description of a type, for error messages (`uint32`, `compound {x: float32, ...}`). */
export function describeType(type: H5Type): string {
  switch (type.class) {
    case 'integer':
      return `${type.signed ? 'int' : 'uint'}${type.size * 8}`;
    case 'float':
      return `float${type.size * 8}`;
    case 'string':
      return `${type.variableLength ? 'variable-length' : `fixed-length (${type.size} bytes)`} ${type.charset} string`;
    case 'compound':
      return `compound {${(type.members ?? []).map((m) => `${m.name}: ${describeType(m.type)}`).join(', ')}}`;
    case 'enum':
      return `enum of ${type.base === undefined ? '?' : describeType(type.base)}`;
    case 'array':
      return `array [${(type.dims ?? []).join(', ')}] of ${type.base === undefined ? '?' : describeType(type.base)}`;
    case 'vlen':
      return `variable-length sequence of ${type.base === undefined ? '?' : describeType(type.base)}`;
    case 'reference':
      return `${type.reference} reference`;
    default:
      return `${type.class} (${type.size} bytes)`;
  }
}
