import { describe, expect, it } from 'vitest';
import { decodeByteOffset } from './byte-offset.js';
import { parseCifItems, parseMimeHeader } from './cbf-header.js';
import { parsePilatusHeader } from './pilatus-header.js';

describe('CBF byte-offset decoding', () => {
  // Deltas in each of the four widths, written out by hand from the CBF definition
  // (little-endian two's complement; 0x80, 0x8000, 0x80000000 announce the next width).
  const stream = Uint8Array.from([
    0x05, // +5 -> 5
    0x80, 0xe8, 0x03, // +1000 -> 1005
    0xff, // -1 -> 1004
    0x80, 0x00, 0x80, 0x40, 0x42, 0x0f, 0x00, // +1 000 000 -> 1 001 004
    0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, // +2^32 -> 4 295 968 300
    0x80, 0x18, 0xfc, // -1000 -> 4 295 967 300
  ]);

  it('decodes 1-, 2-, 4- and 8-byte deltas and reports the bytes read', () => {
    const out = new Float64Array(6);
    expect(decodeByteOffset(stream, 0, stream.length, out)).toBe(stream.length);
    expect(Array.from(out)).toEqual([5, 1005, 1004, 1001004, 4295968300, 4295967300]);
  });

  it('reads from an offset and wraps into narrower arrays as a cast does', () => {
    const shifted = new Uint8Array(stream.length + 3);
    shifted.set(stream, 3);
    const out = new Int32Array(4);
    expect(decodeByteOffset(shifted, 3, shifted.length, out)).toBe(12);
    expect(Array.from(out)).toEqual([5, 1005, 1004, 1001004]);
  });

  it('returns -1 when the stream ends inside a value', () => {
    for (const end of [0, 2, 9, 20, stream.length - 1]) expect(decodeByteOffset(stream, 0, end, new Float64Array(6)), `end ${end}`).toBe(-1);
  });
});

describe('CBF and PILATUS headers', () => {
  it('reads CIF items, text fields and quoted values, skipping comments, loops and the binary item', () => {
    const cif = [
      '###CBF: VERSION 1.5, CBFlib v0.7.8 - SLS/DECTRIS PILATUS detectors',
      '',
      'data_lab6',
      '',
      "_array_data.header_convention 'PILATUS_1.2'",
      '_array_data.header_contents',
      ';',
      '# Pixel_size 172e-6 m x 172e-6 m',
      '# Tau = 124.0e-09 s',
      ';',
      'loop_',
      '_array_structure_list.index',
      '_array_structure_list.dimension',
      '1 1475',
      '2 195',
      '_diffrn.id "DS 1"',
      '_array_data.data',
      ';',
    ].join('\r\n');
    expect(parseCifItems(cif)).toEqual({
      '_array_data.header_convention': 'PILATUS_1.2',
      '_array_data.header_contents': '# Pixel_size 172e-6 m x 172e-6 m\r\n# Tau = 124.0e-09 s',
      '_diffrn.id': 'DS 1',
    });
    expect(parsePilatusHeader(parseCifItems(cif)['_array_data.header_contents'])).toEqual({ Pixel_size: '172e-6 m x 172e-6 m', Tau: '124.0e-09 s' });
  });

  it('reads the MIME keys of a binary section up to the blank line', () => {
    const mime = '--CIF-BINARY-FORMAT-SECTION--\r\nContent-Type: application/octet-stream;\r\n     conversions="x-CBF_BYTE_OFFSET"\r\nX-Binary-Size: 12\r\n\r\nIgnored: after the blank line\r\n';
    expect(parseMimeHeader(mime)).toEqual({ 'Content-Type': 'application/octet-stream;', conversions: 'x-CBF_BYTE_OFFSET', 'X-Binary-Size': '12' });
  });
});
