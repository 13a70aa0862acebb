import type { H5Value } from '@pandaas/io-nexus';

/** A value JSON can hold as it is. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A number for JSON: finite numbers as they are, NaN and ±Infinity (which JSON cannot hold) as
 * the strings `"NaN"`, `"Infinity"`, `"-Infinity"`; a bigint as a number when it is a safe
 * integer, else as the string of its exact digits.
 *
 * @example
 * ```ts
 * jsonNumber(Infinity); // 'Infinity'
 * jsonNumber(2n ** 60n); // '1152921504606846976'
 * ```
 */
export function jsonNumber(value: number | bigint): number | string {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  return Number.isFinite(value) ? value : String(value);
}

/**
 * An attribute (or any value io-nexus decodes, or JSON already) as JSON: typed arrays become arrays, 64-bit
 * integers and non-finite numbers as {@link jsonNumber} gives them, compounds objects.
 *
 * @example
 * ```ts
 * toJsonValue(new Float32Array([1.5, NaN])); // [1.5, 'NaN']
 * ```
 */
export function toJsonValue(value: H5Value | JsonValue): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return jsonNumber(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<number | bigint>, jsonNumber);
  if (Array.isArray(value)) return (value as readonly (H5Value | JsonValue)[]).map(toJsonValue);
  return Object.fromEntries(Object.entries(value as Record<string, H5Value | JsonValue>).map(([key, member]) => [key, toJsonValue(member)]));
}

/**
 * An attribute's text: a string, or the string of a one-element array (as h5py writes some
 * attributes); undefined for anything else.
 *
 * @example
 * ```ts
 * textOf(['deg']); // 'deg'
 * textOf(3); // undefined
 * ```
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
}

/** Longest text shown for one string, and most elements shown for one array. */
const MAX_CHARS = 60;
const MAX_ITEMS = 8;

/**
 * An attribute in a few characters for the tree: strings quoted (cut after 60 characters),
 * arrays of up to 8 values (then `…` and the count), a one-element array as its element.
 *
 * @example
 * ```ts
 * attrText(['polar_angle', 'time_of_flight']); // '["polar_angle", "time_of_flight"]'
 * attrText(new Float64Array(100)); // '[0, 0, 0, 0, 0, 0, 0, 0, … (100 values)]'
 * ```
 */
export function attrText(value: H5Value | JsonValue): string {
  const json = toJsonValue(value);
  return Array.isArray(json) && json.length === 1 ? itemText(json[0]!) : itemText(json);
}

function itemText(value: JsonValue): string {
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const items = (value as readonly JsonValue[]).slice(0, MAX_ITEMS).map(itemText);
    return `[${items.join(', ')}${value.length > MAX_ITEMS ? `, … (${value.length} values)` : ''}]`;
  }
  return `{${Object.entries(value).map(([key, member]) => `${key}: ${itemText(member)}`).join(', ')}}`;
}
