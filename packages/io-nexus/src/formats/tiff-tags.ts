import type { IFD } from 'utif2';
import type { ImageHeader } from './image-types.js';
import { isPilatusHeader, parsePilatusHeader } from './pilatus-header.js';

/** The numbers of an IFD entry (`undefined` when the tag is absent or not numeric). */
export function numbers(ifd: IFD, tag: number): number[] | undefined {
  const value = ifd[`t${tag}`];
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'number') return undefined;
  return value as number[];
}

/** The first number of an IFD entry, or `fallback` when absent. */
export function first(ifd: IFD, tag: number, fallback: number): number {
  return numbers(ifd, tag)?.[0] ?? fallback;
}

/**
 * A page's header as fabio gives it (`ascii`: the page's ASCII tags, from `tiffLayout`): the TIFF tags under fabio's TiffIO names (only those the
 * file holds, without fabio's placeholders), or, when the ImageDescription is a Dectris PILATUS
 * header, the PILATUS keys (as fabio's PilatusImage does).
 */
export function tiffHeader(ifd: IFD, ascii: ReadonlyMap<number, string>): ImageHeader {
  const description = ascii.get(270);
  if (description !== undefined && isPilatusHeader(description)) return parsePilatusHeader(description);
  const rows = first(ifd, 257, 0);
  const compression = first(ifd, 259, 1);
  const header: Record<string, string | number | boolean | readonly number[]> = {
    nRows: rows,
    nColumns: first(ifd, 256, 0),
    nBits: first(ifd, 258, 1),
    compression: compression !== 1,
    compression_type: compression,
  };
  const optional: [string, string | number | readonly number[] | undefined][] = [
    ['imageDescription', description],
    ['software', ascii.get(305)],
    ['date', ascii.get(306)],
    ['model', ascii.get(272)],
    ['stripOffsets', numbers(ifd, 273)],
    ['rowsPerStrip', numbers(ifd, 273) === undefined ? undefined : Math.min(first(ifd, 278, rows), rows)],
    ['stripByteCounts', numbers(ifd, 279)],
    ['sampleFormat', numbers(ifd, 339)?.[0]],
    ['photometricInterpretation', numbers(ifd, 262)?.[0]],
  ];
  for (const [key, value] of optional) if (value !== undefined) header[key] = value;
  return header;
}
