/**
 * The single-image readers against fabio's reading of the same files: the real images in
 * ../shared/data (read in place) and the fixtures cut from real data by
 * scripts/fixtures/io_images.py, whose expected.json holds what fabio read.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ImageFrame, ImageHeader } from './image-types.js';
import { readImage } from './read-image.js';
import { sharedData } from '../testing/data.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', '__fixtures__', 'images');

interface FabioFrame {
  shape: number[];
  dtype: string;
  crc32: number;
  sum: number;
  min: number;
  max: number;
  samples: { index: number[]; value: number }[];
  header: Record<string, unknown>;
}
interface FabioFile {
  fabioClass: string;
  fabioLib: string | null;
  nframes: number;
  frames: FabioFrame[];
}
const expected = JSON.parse(await readFile(join(fixtures, 'expected.json'), 'utf8')) as {
  fixtures: Record<string, FabioFile>;
  shared: Record<string, FabioFile>;
};

/** CRC-32 (IEEE, as zlib.crc32) of some bytes. */
function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** fabio's TiffIO fills these in when the file lacks them ("Unknown Software", "1/1", ...): ours are absent then. */
const FABIO_TIFF_PLACEHOLDERS = new Set(['colormap', 'info', 'date', 'software', 'imageDescription', 'sampleFormat', 'model']);
/** fabio reads compressed TIFFs through PIL, whose tag names map to TiffIO's so. */
const PIL_NAMES: Record<string, string> = { numberOfRows: 'nRows', numberOfColumns: 'nColumns', bitsPerSample: 'nBits', compression: 'compression_type' };

function checkHeader(header: ImageHeader, fabio: FabioFile, frame: FabioFrame): void {
  const ours = header as Record<string, unknown>;
  if (fabio.fabioClass !== 'TifImage') {
    expect(ours).toEqual(frame.header); // EDF, CBF and PILATUS TIFF: the same keys and text
    return;
  }
  if (fabio.fabioLib === 'PIL') {
    for (const [pil, name] of Object.entries(PIL_NAMES)) expect(ours[name], name).toEqual(frame.header[pil]);
    return;
  }
  for (const [key, value] of Object.entries(frame.header)) {
    // TiffIO gives an ASCII tag such as Model as a tuple of strings
    const fabioValue = Array.isArray(value) && typeof value[0] === 'string' ? value.join('') : value;
    if (key in ours) expect(ours[key], key).toEqual(fabioValue);
    else expect(FABIO_TIFF_PLACEHOLDERS.has(key), `missing header key ${key}`).toBe(true);
  }
  for (const key of Object.keys(ours)) expect(key in frame.header, `extra header key ${key}`).toBe(true);
}

async function checkFrame(frame: ImageFrame, fabio: FabioFile, expectedFrame: FabioFrame): Promise<void> {
  const { data } = frame;
  expect(data.shape).toEqual(expectedFrame.shape);
  expect(data.dtype).toBe(expectedFrame.dtype);
  const values = await data.data();
  // exact: every byte, little-endian, as fabio's array gives them
  expect(crc32(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))).toBe(expectedFrame.crc32);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  expect(Math.abs(sum - expectedFrame.sum)).toBeLessThanOrEqual(1e-9 * Math.abs(expectedFrame.sum)); // summation order differs
  expect([min, max]).toEqual([expectedFrame.min, expectedFrame.max]);
  for (const { index, value } of expectedFrame.samples) expect(data.get(...index), `at [${index}]`).toBe(value);
  checkHeader(frame.header, fabio, expectedFrame);
}

async function checkFile(path: string, fabio: FabioFile): Promise<void> {
  const image = await readImage(path);
  expect(image.frameCount).toBe(fabio.nframes);
  expect(image.frames).toHaveLength(fabio.nframes);
  for (let k = 0; k < fabio.nframes; k++) await checkFrame(image.frames[k], fabio, fabio.frames[k]);
}

describe('single images read as fabio reads them', () => {
  describe('real images of ../shared/data', () => {
    for (const [rel, fabio] of Object.entries(expected.shared)) {
      it(`${rel} (${fabio.fabioClass})`, () => checkFile(sharedData(rel), fabio));
    }
  });

  describe('fixtures cut from real data', () => {
    for (const [name, fabio] of Object.entries(expected.fixtures)) {
      it(`${name} (${fabio.fabioClass}, ${fabio.nframes} frame(s))`, () => checkFile(join(fixtures, name), fabio));
    }
  });

  it('recognises the format by content and reads only the frames asked for', async () => {
    const bytes = await readFile(join(fixtures, 'savu_raw_3frames.edf'));
    const image = await readImage(new Uint8Array(bytes), { name: 'renamed.tif', frames: [-1] });
    const fabio = expected.fixtures['savu_raw_3frames.edf'];
    expect([image.format, image.name, image.frameCount, image.frames.length]).toEqual(['edf', 'renamed.tif', 3, 1]);
    await checkFrame(image.frames[0], fabio, fabio.frames[2]);
    const blob = await readImage(new Blob([bytes]), { frames: [0] });
    expect([blob.format, blob.name, blob.frames.length]).toEqual(['edf', '<blob>', 1]);
    await checkFrame(blob.frames[0], fabio, fabio.frames[0]);
    const buffer = await readImage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { frames: [1] });
    await checkFrame(buffer.frames[0], fabio, fabio.frames[1]);
  });
});
