import type { H5Type } from '@pandaas/io-nexus';

/**
 * An HDF5 datatype in a few words, as in the file: `uint32`, `float64 (big-endian)`,
 * `string (utf-8, variable)`, `string[44] (ascii)`, `bool (enum)`, `compound {x: float64, y: int32}`.
 *
 * @example
 * ```ts
 * typeText({ class: 'integer', size: 4, signed: false, littleEndian: true }); // 'uint32'
 * ```
 */
export function typeText(type: H5Type): string {
  const order = type.littleEndian === false && type.size > 1 ? ' (big-endian)' : '';
  switch (type.class) {
    case 'integer':
      return `${type.signed === false ? 'uint' : 'int'}${type.size * 8}${order}`;
    case 'float':
      return `float${type.size * 8}${order}`;
    case 'string':
      return `string${type.variableLength ? '' : `[${type.size}]`} (${type.charset ?? 'ascii'}${type.variableLength ? ', variable' : ''})`;
    case 'enum': {
      const names = Object.keys(type.enumMembers ?? {});
      if (names.length === 2 && names.map((n) => n.toUpperCase()).sort().join() === 'FALSE,TRUE') return 'bool (enum)';
      return `enum {${names.join(', ')}}`;
    }
    case 'compound':
      return `compound {${(type.members ?? []).map((m) => `${m.name}: ${typeText(m.type)}`).join(', ')}}`;
    case 'array':
      return `array [${(type.dims ?? []).join(', ')}] of ${type.base ? typeText(type.base) : '?'}`;
    case 'vlen':
      return `vlen of ${type.base ? typeText(type.base) : '?'}`;
    case 'reference':
      return `reference (${type.reference ?? 'object'})`;
    default:
      return `${type.class} (${type.size} bytes)`;
  }
}

/**
 * A dataset's extent as h5ls writes it: each axis `n`, or `n/max` where it may grow (`n/inf`
 * when unlimited); `scalar` for rank 0, `empty` for an empty dataspace.
 *
 * @example
 * ```ts
 * shapeText([51, 516, 516], [null, 516, 516]); // '[51/inf, 516, 516]'
 * ```
 */
export function shapeText(shape: readonly number[] | null, maxshape?: readonly (number | null)[] | null): string {
  if (shape === null) return 'empty';
  if (shape.length === 0) return 'scalar';
  return `[${shape.map((n, i) => {
    const max = maxshape?.[i];
    return max === undefined || max === n ? `${n}` : `${n}/${max === null ? 'inf' : max}`;
  }).join(', ')}]`;
}
