import { array, bytesPerElement, sizeOf } from '@pandaas/core';
import { FileFormatError } from '../errors.js';
import { EDF_DATA_TYPES, edfShape, lookup, parseEdfBlock, skipBlanks } from './edf-header.js';
import { loadSource, pickFrames, type ImageSource } from './image-source.js';
import type { ImageFile, ImageFrame, ReadImageOptions } from './image-types.js';
import { decodeSamples } from './raw-samples.js';

/** Header keys a general block does not pass on to the frames that follow it (fabio's rule). */
const NOT_INHERITED = new Set(['SIZE', 'IMAGE', 'HEADERID']);

interface EdfFrameLayout {
  readonly header: Record<string, string>;
  readonly dataStart: number;
  readonly blobSize: number;
}

/** Splits an EDF file into frames: each header (general blocks merged in) and where its data lie. */
function scanFrames(bytes: Uint8Array, name: string): EdfFrameLayout[] {
  const frames: EdfFrameLayout[] = [];
  let general: Record<string, string> | undefined;
  for (let pos = skipBlanks(bytes, 0); pos < bytes.length; pos = skipBlanks(bytes, pos)) {
    const path = `frame ${frames.length}`;
    if (bytes[pos] !== 0x7b) {
      const what = frames.length === 0 ? 'not an EDF file (no "{" opening a header)' : `unexpected bytes at offset ${pos} where a header should start`;
      throw new FileFormatError({ file: name, path }, what);
    }
    const block = parseEdfBlock(bytes, pos);
    if (block === undefined) throw new FileFormatError({ file: name, path }, `the header opened at offset ${pos} never closes: truncated`);
    const header = block.header;
    const isGeneral = header.EDF_DataFormatVersion !== undefined;
    if (!isGeneral && general !== undefined) {
      for (const [k, v] of Object.entries(general)) {
        if (!k.startsWith('EDF_') && !NOT_INHERITED.has(k.toUpperCase()) && !(k in header)) header[k] = v;
      }
    }
    const sizeText = header.EDF_BinarySize ?? lookup(header, 'Size') ?? (isGeneral ? '0' : undefined);
    const blobSize = sizeText === undefined ? undefined : Number(sizeText);
    if (blobSize !== undefined && !(Number.isInteger(blobSize) && blobSize >= 0)) {
      throw new FileFormatError({ file: name, path }, `invalid binary size ${JSON.stringify(sizeText)}`);
    }
    const size = blobSize ?? frameBytes(header, name, path);
    if (block.dataStart + size > bytes.length) {
      throw new FileFormatError({ file: name, path }, `the data need bytes ${block.dataStart} to ${block.dataStart + size}, past the end of the file (${bytes.length} bytes): truncated`);
    }
    if (isGeneral) general = header;
    else frames.push({ header, dataStart: block.dataStart, blobSize: size });
    pos = block.dataStart + size;
  }
  if (frames.length === 0) throw new FileFormatError({ file: name }, 'no EDF frame in the file');
  return frames;
}

function frameType(header: Readonly<Record<string, string>>, name: string, path: string) {
  const typeName = lookup(header, 'DataType') ?? 'UnsignedShort'; // fabio's default
  if (!Object.hasOwn(EDF_DATA_TYPES, typeName)) {
    throw new FileFormatError({ file: name, path }, `unknown DataType ${JSON.stringify(typeName)}; known: ${Object.keys(EDF_DATA_TYPES).join(', ')}`);
  }
  const dtype = EDF_DATA_TYPES[typeName];
  if (dtype === null) throw new FileFormatError({ file: name, path }, `DataType ${typeName} is not supported: an NdArray holds no 64-bit integers or 128-bit floats`);
  const shape = edfShape(header);
  if (shape === undefined || shape.length === 0) throw new FileFormatError({ file: name, path }, 'missing or invalid Dim_1, Dim_2, ... keys');
  return { dtype, shape };
}

function frameBytes(header: Readonly<Record<string, string>>, name: string, path: string): number {
  const { dtype, shape } = frameType(header, name, path);
  return sizeOf(shape) * bytesPerElement(dtype);
}

function decodeFrame(bytes: Uint8Array, layout: EdfFrameLayout, name: string, path: string, options: ReadImageOptions): ImageFrame {
  const { header, dataStart, blobSize } = layout;
  const { dtype, shape } = frameType(header, name, path);
  const compression = lookup(header, 'Compression')?.toUpperCase();
  if (compression !== undefined && compression !== 'NONE' && !compression.startsWith('NO')) {
    throw new FileFormatError({ file: name, path }, `Compression ${JSON.stringify(lookup(header, 'Compression'))} is not supported (only uncompressed EDF)`);
  }
  if (header.EDF_BinaryFileName !== undefined) {
    throw new FileFormatError({ file: name, path }, `data in an external file (EDF_BinaryFileName ${JSON.stringify(header.EDF_BinaryFileName)}) are not supported`);
  }
  const count = sizeOf(shape);
  const width = bytesPerElement(dtype);
  if (count * width > blobSize) {
    throw new FileFormatError({ file: name, path }, `the binary block holds ${blobSize} bytes; shape [${shape.join(', ')}] of ${dtype} needs ${count * width}`);
  }
  const order = lookup(header, 'ByteOrder');
  if (width > 1 && order !== undefined && !order.includes('Low') && !order.includes('High')) {
    throw new FileFormatError({ file: name, path }, `unknown ByteOrder ${JSON.stringify(order)} (LowByteFirst or HighByteFirst)`);
  }
  if (width > 1 && order === undefined) throw new FileFormatError({ file: name, path }, 'no ByteOrder key for multi-byte data');
  const values = decodeSamples(bytes, dataStart, dtype, count, order === undefined || order.includes('Low'));
  return { data: array(values, { shape, backend: options.backend }), header };
}

/**
 * Reads an ESRF Data Format (EDF) file as fabio does: every frame (header block, then raw data in
 * its `ByteOrder` and `DataType`), general header blocks merged into the frames that follow.
 * Shapes are `[Dim_n, ..., Dim_2, Dim_1]` (Dim_1 fastest). Headers keep the file's text values.
 *
 * @example
 * ```ts
 * import { readEdf } from '@pandaas/io-nexus';
 * const { frames } = await readEdf('integrated.edf');
 * console.log(frames[0].data.shape, frames[0].header.DataType); // [36, 5000] 'FloatValue'
 * ```
 */
export async function readEdf(source: ImageSource, options: ReadImageOptions = {}): Promise<ImageFile> {
  const { bytes, name } = await loadSource(source, options.name);
  const layouts = scanFrames(bytes, name);
  const picked = pickFrames(options.frames, layouts.length, name);
  return {
    format: 'edf',
    name,
    frameCount: layouts.length,
    frames: picked.map((k) => decodeFrame(bytes, layouts[k], name, `frame ${k}`, options)),
  };
}
