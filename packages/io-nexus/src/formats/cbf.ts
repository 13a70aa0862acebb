import { allocate, array, type DType } from '@pandaas/core';
import { FileFormatError } from '../errors.js';
import { decodeByteOffset } from './byte-offset.js';
import { parseCifItems, parseMimeHeader } from './cbf-header.js';
import { loadSource, pickFrames, type ImageSource } from './image-source.js';
import type { ImageFile, ReadImageOptions } from './image-types.js';

const MARKER = new TextEncoder().encode('--CIF-BINARY-FORMAT-SECTION--');
const STARTER = [0x0c, 0x1a, 0x04, 0xd5];

/** CBF element types and their dtypes (fabio's table); `null`: 64-bit, which an NdArray cannot hold. */
const ELEMENT_TYPES: Readonly<Record<string, DType | null>> = {
  'signed 8-bit integer': 'int8', 'unsigned 8-bit integer': 'uint8',
  'signed 16-bit integer': 'int16', 'unsigned 16-bit integer': 'uint16',
  'signed 32-bit integer': 'int32', 'unsigned 32-bit integer': 'uint32',
  'signed 64-bit integer': null, 'unsigned 64-bit integer': null,
};

function indexOfBytes(bytes: Uint8Array, pattern: ArrayLike<number>, from: number): number {
  for (let i = bytes.indexOf(pattern[0], from); i >= 0 && i + pattern.length <= bytes.length; i = bytes.indexOf(pattern[0], i + 1)) {
    let k = 1;
    while (k < pattern.length && bytes[i + k] === pattern[k]) k++;
    if (k === pattern.length) return i;
  }
  return -1;
}

/**
 * Reads a Crystallographic Binary File (CBF) with byte-offset compressed data, as PILATUS (and
 * EIGER) detectors and fabio write it. The single frame has shape `[second, fastest]`
 * dimensions; its header holds the CIF items (`_array_data.header_contents` is the PILATUS
 * header text: see {@link parsePilatusHeader}) and the binary section's MIME keys, as fabio's.
 *
 * @example
 * ```ts
 * import { readCbf, parsePilatusHeader } from '@pandaas/io-nexus';
 * const { frames } = await readCbf('lab6_0032.cbf');
 * const pilatus = parsePilatusHeader(String(frames[0].header['_array_data.header_contents']));
 * ```
 */
export async function readCbf(source: ImageSource, options: ReadImageOptions = {}): Promise<ImageFile> {
  const { bytes, name } = await loadSource(source, options.name);
  const fail = (message: string): never => {
    throw new FileFormatError({ file: name, path: '_array_data.data' }, message);
  };
  const picked = pickFrames(options.frames, 1, name);
  const marker = indexOfBytes(bytes, MARKER, 0);
  if (marker < 0) throw new FileFormatError({ file: name }, 'not a CBF file (no --CIF-BINARY-FORMAT-SECTION-- binary section)');
  const starter = indexOfBytes(bytes, STARTER, marker);
  if (starter < 0) fail('the binary section has no start bytes (0C 1A 04 D5): truncated');
  const latin1 = new TextDecoder('latin1');
  const header: Record<string, string> = {
    ...parseCifItems(latin1.decode(bytes.subarray(0, marker))),
    ...parseMimeHeader(latin1.decode(bytes.subarray(marker, starter))),
  };
  const conversion = header.conversions;
  if (conversion !== 'x-CBF_BYTE_OFFSET') fail(`compression ${JSON.stringify(conversion)} is not supported (only x-CBF_BYTE_OFFSET)`);
  const fastest = Number(header['X-Binary-Size-Fastest-Dimension']);
  const second = Number(header['X-Binary-Size-Second-Dimension']);
  if (!(Number.isInteger(fastest) && fastest > 0 && Number.isInteger(second) && second > 0)) fail('no valid X-Binary-Size-Fastest/Second-Dimension');
  const elements = header['X-Binary-Number-of-Elements'];
  if (elements !== undefined && Number(elements) !== fastest * second) fail(`X-Binary-Number-of-Elements ${elements} is not ${fastest} x ${second}`);
  const typeName = header['X-Binary-Element-Type'] ?? 'signed 32-bit integer'; // fabio's default
  if (!Object.hasOwn(ELEMENT_TYPES, typeName)) fail(`unknown X-Binary-Element-Type ${JSON.stringify(typeName)}`);
  const dtype = ELEMENT_TYPES[typeName] ?? fail(`X-Binary-Element-Type ${typeName} is not supported: an NdArray holds no 64-bit integers`);
  const start = starter + STARTER.length;
  const size = header['X-Binary-Size'] === undefined ? bytes.length - start : Number(header['X-Binary-Size']);
  if (!Number.isInteger(size) || size < 0) fail(`invalid X-Binary-Size ${JSON.stringify(header['X-Binary-Size'])}`);
  if (start + size > bytes.length) fail(`X-Binary-Size ${size} runs past the end of the file (${bytes.length - start} bytes left): truncated`);
  const values = allocate(dtype, fastest * second, true);
  if (decodeByteOffset(bytes, start, start + size, values) < 0) fail(`the byte-offset stream ends before ${fastest * second} values: truncated or corrupt`);
  const frame = { data: array(values, { shape: [second, fastest], backend: options.backend }), header };
  return { format: 'cbf', name, frameCount: 1, frames: picked.map(() => frame) };
}
