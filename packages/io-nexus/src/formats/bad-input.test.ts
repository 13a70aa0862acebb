import { IndexRangeError } from '@pandaas/core';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileFormatError, FileNotFoundError } from '../errors.js';
import { sharedData } from '../testing/data.js';
import { rejection } from '../testing/rejection.js';
import { readCbf } from './cbf.js';
import { readEdf } from './edf.js';
import { readImage } from './read-image.js';
import { readTiff } from './tiff.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', '__fixtures__', 'images');
const latin1 = new TextDecoder('latin1');
const toBytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Replaces `from` by `to` in an EDF header, keeping the header's length (the padding absorbs it). */
function editEdfHeader(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = latin1.decode(bytes);
  const close = text.indexOf('}\n');
  const header = text.slice(0, close).replace(from, to);
  const padded = header.replace(/ +$/, (pad) => ' '.repeat(pad.length - (header.length - close)));
  expect(padded.length).toBe(close);
  const out = new Uint8Array(bytes);
  out.set(toBytes(padded), 0);
  return out;
}

describe('single-image readers refuse bad input with typed errors naming the file', () => {
  it('a missing file', async () => {
    const missing = join(fixtures, 'no-such-image.tif');
    const err = await rejection(readImage(missing));
    expect(err).toBeInstanceOf(FileNotFoundError);
    expect([err.code, err.file]).toEqual(['E_NOT_FOUND', missing]);
    expect(err.message).toContain(missing);
    expect(err.message).toContain('ENOENT');
  });

  it('bytes of no known format', async () => {
    const err = await rejection(readImage(toBytes('PK\x03\x04 a zip, not an image'), { name: 'archive.zip' }));
    expect(err).toBeInstanceOf(FileFormatError);
    expect(err.message).toMatch(/^archive\.zip: not a TIFF, EDF or CBF image/);
  });

  it('a truncated TIFF whose directory is lost (real Pixium frame cut in half)', async () => {
    const bytes = await readFile(sharedData('diffraction2d/dls_pixium/pixium_03150.tif'));
    const err = await rejection(readTiff(bytes.subarray(0, bytes.length >> 1), { name: 'pixium-cut.tif' }));
    expect(err).toBeInstanceOf(FileFormatError);
    expect([err.file, err.path]).toEqual(['pixium-cut.tif', 'IFD 0']);
    expect(err.message).toMatch(/outside the file .*truncated/);
  });

  it('a truncated TIFF whose pixels are cut (real Savu projection; a 13-strip page)', async () => {
    const cases = [
      [sharedData('tomography/savu_24737_tiffs/tiffs/raw_00000.tiff'), 'strip 0 spans bytes 214 to 43414'],
      [join(fixtures, 'lab6_int32_be_strips.tif'), 'strip 12 spans bytes 77118 to 78318'],
    ];
    for (const [path, message] of cases) {
      const bytes = await readFile(path);
      const err = await rejection(readTiff(bytes.subarray(0, bytes.length - 100), { name: 'cut.tif' }));
      expect(err).toBeInstanceOf(FileFormatError);
      expect([err.file, err.path]).toEqual(['cut.tif', 'page 0']);
      expect(err.message).toContain(`${message}, past the end of the file (${bytes.length - 100} bytes): truncated`);
    }
  });

  it('a truncated compressed TIFF (LZW page, its directory at the end)', async () => {
    const bytes = await readFile(join(fixtures, 'sinogram_u8_lzw.tif'));
    const err = await rejection(readTiff(bytes.subarray(0, bytes.length - 100), { name: 'lzw.tif' }));
    expect([err.constructor, err.path]).toEqual([FileFormatError, 'IFD 0']);
    expect(err.message).toMatch(/past the end of the file .*truncated/);
  });

  it('a page index out of range', async () => {
    const err = await rejection(readTiff(join(fixtures, 'savu_raw_3pages.tif'), { frames: [3] }));
    expect(err).toBeInstanceOf(IndexRangeError);
    expect(err.message).toContain('has 3 frame(s)');
  });

  it('a truncated EDF, in its data and in its header (real pyFAI cake)', async () => {
    const bytes = await readFile(sharedData('diffraction2d/dls_pixium/integrated.edf'));
    const inData = await rejection(readEdf(bytes.subarray(0, bytes.length - 1), { name: 'cake.edf' }));
    expect(inData).toBeInstanceOf(FileFormatError);
    expect([inData.file, inData.path]).toEqual(['cake.edf', 'frame 0']);
    expect(inData.message).toMatch(/past the end of the file \(721535 bytes\): truncated/);
    const inHeader = await rejection(readEdf(bytes.subarray(0, 300), { name: 'cake.edf' }));
    expect(inHeader.message).toMatch(/never closes: truncated/);
  });

  it('an EDF whose second frame is cut off', async () => {
    const bytes = await readFile(join(fixtures, 'lab6_int32_be.edf'));
    const err = await rejection(readEdf(bytes.subarray(0, bytes.length - 10), { name: 'two.edf' }));
    expect(err.path).toBe('frame 1');
  });

  it('an unknown, or unsupported, EDF DataType', async () => {
    const bytes = await readFile(sharedData('diffraction2d/dls_pixium/integrated.edf'));
    const unknown = await rejection(readEdf(editEdfHeader(bytes, 'DataType = FloatValue', 'DataType = ComplexValue'), { name: 'c.edf' }));
    expect(unknown).toBeInstanceOf(FileFormatError);
    expect(unknown.message).toMatch(/^c\.edf \(frame 0\): unknown DataType "ComplexValue"; known: SignedByte/);
    const wide = await rejection(readEdf(editEdfHeader(bytes, 'DataType = FloatValue', 'DataType = Signed64'), { name: 'w.edf' }));
    expect(wide.message).toContain('DataType Signed64 is not supported');
  });

  it('a compressed EDF is refused rather than misread', async () => {
    const bytes = await readFile(sharedData('diffraction2d/dls_pixium/integrated.edf'));
    const err = await rejection(readEdf(editEdfHeader(bytes, 'Size = 720000 ;', 'Size = 720000 ;\nCompression = GzipCompression ;'), { name: 'gz.edf' }));
    expect(err.message).toContain('Compression "GzipCompression" is not supported');
  });

  it('a truncated CBF, cut in the file or with a stream shorter than its dimensions', async () => {
    const bytes = await readFile(join(fixtures, 'lab6_0032.cbf'));
    const cut = await rejection(readCbf(bytes.subarray(0, 200_000), { name: 'lab6.cbf' }));
    expect(cut).toBeInstanceOf(FileFormatError);
    expect([cut.file, cut.path]).toEqual(['lab6.cbf', '_array_data.data']);
    expect(cut.message).toMatch(/X-Binary-Size 291899 runs past the end of the file .*truncated/);
    const text = latin1.decode(bytes);
    const shortened = toBytes(text.replace('X-Binary-Size: 291899', 'X-Binary-Size: 191899'));
    const short = await rejection(readCbf(shortened, { name: 'lab6.cbf' }));
    expect(short.message).toMatch(/byte-offset stream ends before 287625 values/);
    const packed = await rejection(readCbf(toBytes(text.replace('x-CBF_BYTE_OFFSET', 'x-CBF_PACKED')), { name: 'lab6.cbf' }));
    expect(packed.message).toContain('compression "x-CBF_PACKED" is not supported');
    const noSection = await rejection(readCbf(bytes.subarray(0, 400), { name: 'lab6.cbf' }));
    expect(noSection.message).toContain('not a CBF file');
  });
});
