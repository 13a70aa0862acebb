/**
 * A minimal EDF writer for the browser test's images (tests only): one block, int32 little-endian.
 *
 * @module
 */

/**
 * The bytes of an EDF file holding `values` as a `rows` x `columns` int32 image (a header of 512
 * bytes, as ESRF's writers pad it, then the pixels).
 *
 * @example
 * ```ts
 * writeFileSync('frame.edf', edfBytes(new Int32Array(6), 2, 3));
 * ```
 */
export function edfBytes(values: Int32Array, rows: number, columns: number): Uint8Array {
  if (values.length !== rows * columns) throw new Error(`edfBytes: ${values.length} values for ${rows} x ${columns}`);
  const keys = [
    'HeaderID = EH:000001:000000:000000 ;',
    'Image = 1 ;',
    'ByteOrder = LowByteFirst ;',
    'DataType = SignedInteger ;',
    `Dim_1 = ${columns} ;`,
    `Dim_2 = ${rows} ;`,
    `Size = ${values.byteLength} ;`,
  ];
  const open = `{\n${keys.join('\n')}\n`;
  const header = `${open.padEnd(510, ' ')}}\n`;
  const bytes = new Uint8Array(header.length + values.byteLength);
  bytes.set(new TextEncoder().encode(header));
  const pixels = new DataView(bytes.buffer, header.length);
  values.forEach((v, i) => pixels.setInt32(4 * i, v, true));
  return bytes;
}
