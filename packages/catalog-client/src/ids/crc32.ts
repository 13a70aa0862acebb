/**
 * CRC-32 (IEEE 802.3, the zlib/`java.util.zip.CRC32` polynomial), computed incrementally, and
 * comparison with the checksum text IDS reports (`Long.toHexString`: lower-case hex without
 * leading zeros).
 *
 * @module
 */

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * Continues a CRC-32 over `bytes`; start with `crc = 0`.
 *
 * @example
 * ```ts
 * crc32Update(0, new TextEncoder().encode('123456789')).toString(16); // 'cbf43926'
 * ```
 */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  const t = crcTable();
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The CRC-32 as IDS writes it: lower-case hex without leading zeros.
 *
 * @example
 * ```ts
 * crc32Hex(0x0000abcd); // 'abcd'
 * ```
 */
export function crc32Hex(crc: number): string {
  return (crc >>> 0).toString(16);
}

/**
 * Whether an IDS checksum text (any case, with or without leading zeros, optionally prefixed
 * `crc32:`) names the CRC-32 `crc`.
 *
 * @example
 * ```ts
 * sameCrc32('0000ABCD', 0xabcd); // true
 * ```
 */
export function sameCrc32(text: string, crc: number): boolean {
  const hex = text.trim().replace(/^crc32:/i, '');
  return /^[0-9a-f]{1,8}$/i.test(hex) && Number.parseInt(hex, 16) === crc >>> 0;
}
