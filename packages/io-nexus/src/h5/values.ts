import type { OutputData } from 'h5wasm';
import { isBooleanEnum } from './type-info.js';
import type { H5Ref, H5Type, H5Value } from './types.js';

/** Turns a reference's bytes into the path of the object it points to. */
export type RefResolver = (refData: Uint8Array, kind: 'object' | 'region') => string;

/**
 * An h5wasm value in the shape io-nexus hands out: references become `{ ref, kind }` objects,
 * compound records become objects keyed by member name, h5py booleans become booleans, and a
 * scalar dataspace (`scalar`) gives one value rather than a list.
 */
export function normalizeValue(value: OutputData | null, type: H5Type, scalar: boolean, resolve: RefResolver): H5Value {
  if (value === null) return null;
  switch (type.class) {
    case 'reference': {
      const kind = type.reference ?? 'object';
      const refs = (Array.isArray(value) ? value : [value]) as { ref_data: Uint8Array }[];
      const out = refs.map((r): H5Ref => ({ ref: resolve(r.ref_data, kind), kind }));
      return scalar ? out[0] : out;
    }
    case 'compound': {
      const record = (row: OutputData): H5Value => {
        const values = row as OutputData[];
        const entries = (type.members ?? []).map((m, k) => [m.name, normalizeValue(values[k] ?? null, m.type, true, resolve)]);
        return Object.fromEntries(entries) as H5Value;
      };
      return scalar ? record(value) : (value as OutputData[]).map(record);
    }
    case 'enum':
      if (!isBooleanEnum(type)) return value as H5Value;
      return typeof value === 'number' ? value !== 0 : Array.from(value as ArrayLike<number>, (v) => v !== 0);
    default:
      return value as H5Value;
  }
}
