/**
 * A deterministic zip archive with stored (uncompressed) entries, as the IDS contract server sends
 * for a selection of several datafiles: local headers, the data, the central directory and the
 * end record; every entry dated 1980-01-01 00:00 so the same files always give the same bytes
 * (a resumed download continues the same archive). Test support only.
 *
 * @module
 */
import { crc32Update } from '../ids/crc32.js';

/**
 * One file of the archive.
 *
 * @example
 * ```ts
 * const entry: ZipEntry = { name: '10/scan.h5', content: Buffer.from('...') };
 * ```
 */
export interface ZipEntry {
  readonly name: string;
  readonly content: Buffer;
}

/** MS-DOS date of 1980-01-01 (year 0 from 1980, month 1, day 1); time 00:00. */
const DOS_DATE = (1 << 5) | 1;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAMES = 0x0800;

/**
 * The zip archive (method 0, store) of `entries`, in their order.
 *
 * @example
 * ```ts
 * const zip = storeZip([{ name: 'a.txt', content: Buffer.from('hello') }]);
 * ```
 */
export function storeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32Update(0, entry.content);
    const size = entry.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // method: store
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18); // compressed size
    local.writeUInt32LE(size, 22); // uncompressed size
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes stay 0
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.content);
    centrals.push(central, name);
    offset += local.length + name.length + size;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in all
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
