import { FileFormatError } from '../errors.js';

/** The byte order and directories of a classic TIFF, checked before any tag is decoded. */
export interface TiffLayout {
  readonly littleEndian: boolean;
  /** The ASCII tags of each directory (text up to the first NUL, as fabio reads them). */
  readonly directories: readonly ReadonlyMap<number, string>[];
}

/** Whether `bytes` start with a TIFF signature (`II*\0` or `MM\0*`). */
export function isTiff(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const le = bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42 && bytes[3] === 0;
  const be = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 42;
  return le || be;
}

/**
 * Walks the chain of image file directories (IFDs), checking that each lies inside the file and
 * that the chain has no cycle, so that a truncated or corrupt file is refused with a
 * {@link FileFormatError} before any decoder reads past its end.
 */
export function tiffLayout(bytes: Uint8Array, name: string): TiffLayout {
  if (!isTiff(bytes)) {
    const bigTiff = bytes.length >= 4 && (bytes[2] === 43 || bytes[3] === 43);
    throw new FileFormatError({ file: name }, bigTiff ? 'BigTIFF files are not supported' : 'not a TIFF file (no II*/MM* signature)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = bytes[0] === 0x49;
  const seen = new Set<number>();
  const directories: Map<number, string>[] = [];
  let offset = bytes.length >= 8 ? view.getUint32(4, littleEndian) : -1;
  while (offset !== 0) {
    const path = `IFD ${seen.size}`;
    if (offset < 8 || offset + 2 > bytes.length) {
      throw new FileFormatError({ file: name, path }, `directory offset ${offset} lies outside the file (${bytes.length} bytes): truncated or corrupt`);
    }
    if (seen.has(offset)) throw new FileFormatError({ file: name, path }, `directory chain loops back to offset ${offset}`);
    seen.add(offset);
    const entries = view.getUint16(offset, littleEndian);
    const end = offset + 2 + 12 * entries + 4;
    if (end > bytes.length) {
      throw new FileFormatError({ file: name, path }, `directory of ${entries} entries ends at byte ${end}, past the end of the file (${bytes.length} bytes): truncated`);
    }
    directories.push(asciiTags(bytes, view, offset, entries, littleEndian));
    offset = view.getUint32(end - 4, littleEndian);
  }
  if (seen.size === 0) throw new FileFormatError({ file: name }, 'the TIFF holds no image directory');
  return { littleEndian, directories };
}

/** The ASCII (type 2) entries of one directory; values outside the file are left out. */
function asciiTags(bytes: Uint8Array, view: DataView, offset: number, entries: number, littleEndian: boolean): Map<number, string> {
  const tags = new Map<number, string>();
  const decoder = new TextDecoder('utf-8');
  for (let k = 0; k < entries; k++) {
    const entry = offset + 2 + 12 * k;
    if (view.getUint16(entry + 2, littleEndian) !== 2) continue;
    const count = view.getUint32(entry + 4, littleEndian);
    const at = count <= 4 ? entry + 8 : view.getUint32(entry + 8, littleEndian);
    if (at + count > bytes.length) continue;
    const raw = bytes.subarray(at, at + count);
    const nul = raw.indexOf(0);
    tags.set(view.getUint16(entry, littleEndian), decoder.decode(nul < 0 ? raw : raw.subarray(0, nul)));
  }
  return tags;
}
