import type { DType } from '@pandaas/core';

/**
 * EDF `DataType` names and the dtype each is read as (fabio's table). `null` marks types fabio
 * reads but an NdArray cannot hold (64-bit integers, 128-bit floats).
 */
export const EDF_DATA_TYPES: Readonly<Record<string, DType | null>> = {
  SignedByte: 'int8', Signed8: 'int8', UnsignedByte: 'uint8', Unsigned8: 'uint8',
  SignedShort: 'int16', Signed16: 'int16', UnsignedShort: 'uint16', Unsigned16: 'uint16', UnsignedShortInteger: 'uint16',
  SignedInteger: 'int32', Signed32: 'int32', UnsignedInteger: 'uint32', Unsigned32: 'uint32',
  SignedLong: 'int32', UnsignedLong: 'uint32',
  FloatValue: 'float32', FLOATVALUE: 'float32', FLOAT: 'float32', Float: 'float32', FloatIEEE32: 'float32', Float32: 'float32',
  Double: 'float64', DoubleValue: 'float64', FloatIEEE64: 'float64', DoubleIEEE64: 'float64',
  Signed64: null, Unsigned64: null, FloatIEEE128: null, DoubleIEEE128: null, QuadrupleValue: null,
};

/** A header block found in an EDF file. */
export interface EdfBlock {
  /** Key-value pairs in file order (a later duplicate replaces an earlier one, as in fabio). */
  readonly header: Record<string, string>;
  /** Byte offset of the binary data that follows the block. */
  readonly dataStart: number;
}

const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0x00]);

/** Offset of the first non-blank byte from `from`, or `bytes.length`. */
export function skipBlanks(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && BLANK.has(bytes[i])) i++;
  return i;
}

/** Offset of the `}` that closes a header opened at `open` (`}` then `\n` or `\r\n`), or -1. */
function headerEnd(bytes: Uint8Array, open: number): number {
  for (let i = bytes.indexOf(0x7d, open); i >= 0; i = bytes.indexOf(0x7d, i + 1)) {
    if (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a)) return i;
  }
  return -1;
}

/**
 * Parses the EDF header block opened by the `{` at `open`: `key = value ;` pairs, with blanks
 * and NUL bytes trimmed as fabio trims them. Returns `undefined` when the block never closes.
 */
export function parseEdfBlock(bytes: Uint8Array, open: number): EdfBlock | undefined {
  const close = headerEnd(bytes, open);
  if (close < 0) return undefined;
  const text = new TextDecoder('latin1').decode(bytes.subarray(open + 1, close));
  const header: Record<string, string> = {};
  for (const item of text.split(';')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = trimBlank(item.slice(0, eq));
    header[key] = trimBlank(item.slice(eq + 1));
  }
  return { header, dataStart: close + (bytes[close + 1] === 0x0a ? 2 : 3) };
}

function trimBlank(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && BLANK.has(s.charCodeAt(a))) a++;
  while (b > a && BLANK.has(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** The value of a header key looked up without regard to case (EDF keys are case-insensitive). */
export function lookup(header: Readonly<Record<string, string>>, key: string): string | undefined {
  const upper = key.toUpperCase();
  for (const k of Object.keys(header)) if (k.toUpperCase() === upper) return header[k];
  return undefined;
}

/** The array shape of a frame, slowest axis first: `[Dim_n, ..., Dim_1]` (fabio's rule for missing ones). */
export function edfShape(header: Readonly<Record<string, string>>): number[] | undefined {
  let rank = 0;
  for (const k of Object.keys(header)) {
    const m = /^DIM_(\d+)$/.exec(k.toUpperCase());
    if (m !== null) rank = Math.max(rank, Number(m[1]));
  }
  const shape: number[] = [];
  for (let i = 1; i <= rank; i++) {
    const v = lookup(header, `Dim_${i}`);
    const n = v === undefined ? (i === 1 ? 0 : 1) : Number(v);
    if (!Number.isInteger(n) || n < 0) return undefined;
    shape.unshift(n);
  }
  return shape;
}
