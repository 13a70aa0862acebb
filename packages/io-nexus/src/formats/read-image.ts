import { FileFormatError } from '../errors.js';
import { readCbf } from './cbf.js';
import { skipBlanks } from './edf-header.js';
import { readEdf } from './edf.js';
import { loadSource, type ImageSource } from './image-source.js';
import type { ImageFile, ImageFormat, ReadImageOptions } from './image-types.js';
import { isTiff } from './tiff-directory.js';
import { readTiff } from './tiff.js';

/**
 * The format of an image file from its first bytes: a TIFF signature, an EDF header's `{`, or a
 * CBF's `###CBF`/`data_` opening; `undefined` when none matches.
 *
 * @example
 * ```ts
 * detectImageFormat(new TextEncoder().encode('{\nHeaderID = EH:000001:000000:000000 ;')); // 'edf'
 * ```
 */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (isTiff(bytes)) return 'tiff';
  const start = skipBlanks(bytes, 0);
  if (bytes[start] === 0x7b) return 'edf';
  const head = new TextDecoder('latin1').decode(bytes.subarray(start, start + 4096));
  if (head.startsWith('###CBF') || /^data_/m.test(head)) return 'cbf';
  return undefined;
}

/**
 * Reads a TIFF, EDF or CBF image, recognised by its content (not its name), as
 * {@link readTiff}, {@link readEdf} or {@link readCbf} would.
 *
 * @example
 * ```ts
 * import { readImage } from '@pandaas/io-nexus';
 * const image = await readImage('pixium_03150.tif');
 * console.log(image.format, image.frames[0].data.shape); // 'tiff' [1441, 1440]
 * ```
 */
export async function readImage(source: ImageSource, options: ReadImageOptions = {}): Promise<ImageFile> {
  const { bytes, name } = await loadSource(source, options.name);
  const format = detectImageFormat(bytes);
  const named = { ...options, name };
  if (format === 'tiff') return readTiff(bytes, named);
  if (format === 'edf') return readEdf(bytes, named);
  if (format === 'cbf') return readCbf(bytes, named);
  throw new FileFormatError({ file: name }, 'not a TIFF, EDF or CBF image (unrecognised first bytes)');
}
