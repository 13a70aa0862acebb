import type { H5Value } from '../h5/types.js';

/** An attribute as one string: a string, or a one-element string array (`NX_class`, `signal`). */
export function asString(value: H5Value | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * An attribute as a list of names: a string array, or one string, which legacy files separate
 * with `:` or `,` (`axes="x:y"`, `"[x,y]"`).
 */
export function asNames(value: H5Value | undefined): string[] | undefined {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (typeof value !== 'string') return undefined;
  const inner = value.trim().replace(/^\[(.*)\]$/, '$1');
  return inner.split(/[:,]/).map((s) => s.trim()).filter((s) => s !== '');
}

/** An attribute as one number: a number, a bigint, a numeric string, or a one-element array. */
export function asNumber(value: H5Value | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (ArrayBuffer.isView(value) && (value as ArrayLike<number | bigint>).length === 1) return Number((value as ArrayLike<number | bigint>)[0]);
  if (Array.isArray(value) && value.length === 1) return asNumber(value[0] as H5Value);
  return undefined;
}

/** An attribute as a list of integers (`AXISNAME_indices`: one integer or an array). */
export function asIntegers(value: H5Value | undefined): number[] | undefined {
  const one = asNumber(value);
  if (one !== undefined && !(ArrayBuffer.isView(value) || Array.isArray(value))) return Number.isInteger(one) ? [one] : undefined;
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const list = Array.from(value as ArrayLike<number | bigint | H5Value>, (v) => asNumber(v as H5Value));
    return list.every((v): v is number => v !== undefined && Number.isInteger(v)) ? list : undefined;
  }
  return undefined;
}
