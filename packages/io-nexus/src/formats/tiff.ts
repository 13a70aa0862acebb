import { array, type DType } from '@pandaas/core';
import * as utifModule from 'utif2';
import type { IFD } from 'utif2';
import { FileFormatError } from '../errors.js';
import { loadSource, pickFrames, type ImageSource } from './image-source.js';
import type { ImageFile, ImageFrame, ReadImageOptions } from './image-types.js';
import { decodeSamples } from './raw-samples.js';
import { first, numbers, tiffHeader } from './tiff-tags.js';
import { tiffLayout } from './tiff-directory.js';

// utif2 is CommonJS: Node hands its exports over as the default export of the namespace.
const UTIF: typeof utifModule = (utifModule as { default?: typeof utifModule }).default ?? utifModule;

/** Lossless compressions decoded (through utif2): none, LZW, deflate (two codes), PackBits. */
const COMPRESSIONS = new Map([[1, 'none'], [5, 'LZW'], [8, 'deflate'], [32946, 'deflate'], [32773, 'PackBits']]);

function pageDType(bits: number, format: number): DType | undefined {
  if (format === 3) return bits === 32 ? 'float32' : bits === 64 ? 'float64' : undefined;
  const signed = format === 2;
  if (format !== 1 && format !== 2 && format !== 4) return undefined; // 4: "undefined", read as unsigned (as fabio)
  if (bits === 8) return signed ? 'int8' : 'uint8';
  if (bits === 16) return signed ? 'int16' : 'uint16';
  if (bits === 32) return signed ? 'int32' : 'uint32';
  return undefined;
}

function checkSegments(ifd: IFD, size: number, rowBytes: number, rows: number, fail: (m: string) => never): void {
  const tiled = ifd.t322 !== undefined;
  const offsets = numbers(ifd, tiled ? 324 : 273);
  let counts = numbers(ifd, tiled ? 325 : 279);
  if (offsets === undefined) fail(`no ${tiled ? 'tile' : 'strip'} offsets`);
  // utif2 reads a single uncompressed strip as rows x row bytes, whatever its byte count says
  if (!tiled && first(ifd, 259, 1) === 1 && offsets.length === 1) counts = [rows * rowBytes];
  if (counts === undefined || counts.length !== offsets.length) fail(`${offsets.length} offsets but ${counts?.length ?? 0} byte counts`);
  let stored = 0;
  for (let i = 0; i < offsets.length; i++) {
    const end = offsets[i] + counts[i];
    if (!Number.isFinite(end) || end > size) {
      fail(`${tiled ? 'tile' : 'strip'} ${i} spans bytes ${offsets[i]} to ${end}, past the end of the file (${size} bytes): truncated`);
    }
    stored += counts[i];
  }
  if (!tiled && first(ifd, 259, 1) === 1 && stored < rows * rowBytes) fail(`the strips hold ${stored} bytes; the image needs ${rows * rowBytes}`);
}

/** The pixel bytes of an uncompressed, stripped page: its strips, in order (checked to lie in the file). */
function stripBytes(bytes: Uint8Array, ifd: IFD, total: number): Uint8Array {
  const offsets = numbers(ifd, 273) as number[];
  const counts = offsets.length === 1 ? [total] : (numbers(ifd, 279) as number[]);
  if (offsets.length === 1) return bytes.subarray(offsets[0], offsets[0] + total);
  const out = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < offsets.length && at < total; i++) {
    const n = Math.min(counts[i], total - at);
    out.set(bytes.subarray(offsets[i], offsets[i] + n), at);
    at += n;
  }
  return out;
}

/** What every page of one file shares. */
interface TiffContext {
  /** The file's bytes, and a buffer holding exactly them (for utif2). */
  readonly bytes: Uint8Array;
  readonly buffer: ArrayBuffer;
  readonly littleEndian: boolean;
  readonly name: string;
  readonly options: ReadImageOptions;
}

function decodePage(context: TiffContext, ifd: IFD, ascii: ReadonlyMap<number, string>, page: number): ImageFrame {
  const { bytes, buffer, littleEndian, name, options } = context;
  const path = `page ${page}`;
  const fail = (message: string): never => {
    throw new FileFormatError({ file: name, path }, message);
  };
  const width = first(ifd, 256, NaN);
  const height = first(ifd, 257, NaN);
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) fail(`invalid image size ${width} x ${height}`);
  const samples = first(ifd, 277, 1);
  if (samples !== 1) fail(`${samples} samples per pixel (colour) are not supported; detector images have 1`);
  const bits = first(ifd, 258, 1);
  const format = first(ifd, 339, 1);
  const dtype = pageDType(bits, format) ?? fail(`${bits}-bit samples of SampleFormat ${format} are not supported`);
  const compression = first(ifd, 259, 1);
  if (!COMPRESSIONS.has(compression)) fail(`compression ${compression} is not supported (only none, LZW, deflate, PackBits)`);
  const predictor = first(ifd, 317, 1);
  if (predictor !== 1 && !(predictor === 2 && bits <= 16)) fail(`predictor ${predictor} with ${bits}-bit samples is not supported`);
  const bytesPer = bits / 8;
  checkSegments(ifd, bytes.length, width * bytesPer, height, fail);
  const count = width * height;
  let values;
  if (compression === 1 && predictor === 1 && ifd.t322 === undefined) {
    // uncompressed strips: copied in blocks (utif2 copies them byte by byte)
    values = decodeSamples(stripBytes(bytes, ifd, count * bytesPer), 0, dtype, count, littleEndian);
  } else {
    try {
      UTIF.decodeImage(buffer, ifd);
    } catch (err) {
      throw new FileFormatError({ file: name, path }, `cannot decode the ${COMPRESSIONS.get(compression)} pixel data: ${String(err)}`, { cause: err });
    }
    if (!(ifd.data instanceof Uint8Array) || ifd.data.length < count * bytesPer) {
      fail(`decoded ${ifd.data?.length ?? 0} bytes where ${width} x ${height} x ${bytesPer} were expected`);
    }
    // utif2 turns 16-bit big-endian samples into little-endian ones, and leaves wider ones as stored
    values = decodeSamples(ifd.data, 0, dtype, count, littleEndian || bits === 16);
  }
  return { data: array(values, { shape: [height, width], backend: options.backend }), header: tiffHeader(ifd, ascii) };
}

/**
 * Reads a TIFF (classic, one sample per pixel: 8/16/32-bit integers, 32/64-bit floats,
 * uncompressed, LZW, deflate or PackBits, stripped or tiled, one or many pages) as fabio does,
 * through utif2. Each page is one frame of shape `[rows, columns]`; its header holds the TIFF tags
 * under fabio's names, or the PILATUS keys of a Dectris ImageDescription.
 *
 * @example
 * ```ts
 * import { readTiff } from '@pandaas/io-nexus';
 * const { frames } = await readTiff('CeO2_Pilatus1M.tif');
 * console.log(frames[0].data.shape, frames[0].header.Pixel_size); // [1043, 981] '172e-6 m x 172e-6 m'
 * ```
 */
export async function readTiff(source: ImageSource, options: ReadImageOptions = {}): Promise<ImageFile> {
  const { bytes, name } = await loadSource(source, options.name);
  const { directories, littleEndian } = tiffLayout(bytes, name);
  // utif2 reads its argument's whole buffer from byte 0: hand it one that holds exactly the file
  // (copied otherwise: a Node.js Buffer is often a view into a larger pool)
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : new Uint8Array(bytes).buffer;
  let ifds: IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (err) {
    throw new FileFormatError({ file: name }, `cannot parse the TIFF directories: ${String(err)}`, { cause: err });
  }
  if (ifds.length !== directories.length) {
    throw new FileFormatError({ file: name }, `${directories.length} directories found but ${ifds.length} could be parsed`);
  }
  const pages = pickFrames(options.frames, ifds.length, name);
  const context: TiffContext = { bytes, buffer, littleEndian, name, options };
  return { format: 'tiff', name, frameCount: ifds.length, frames: pages.map((k) => decodePage(context, ifds[k], directories[k], k)) };
}
