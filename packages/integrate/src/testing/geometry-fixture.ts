import { readFileSync } from 'node:fs';
import { geometryFixture } from './data.js';

/** A float32 array of geometry.bin: offset and length in elements. */
export interface ArrayRef {
  offset: number;
  length: number;
}

/** One geometry of the fixture (scripts/fixtures/integrate/geometry.py). */
export interface GeometryCase {
  name: string;
  params: { dist: number; poni1: number; poni2: number; rot1: number; rot2: number; rot3: number; wavelength: number; chiDiscAtZero?: boolean };
  detector: { name: string; pixel1?: number; pixel2?: number; shape?: [number, number] };
  rows: number[] | null;
  rotationMatrix: number[];
  quaternion: number[];
  arrays: Record<string, ArrayRef>;
}

/** pyFAI's mask of one detector model, summarised. */
export interface MaskSummary {
  name: string;
  shape: [number, number];
  pixel: [number, number];
  count: number;
  crc32: number;
  maskedRows: [number, number][];
  maskedCols: [number, number][];
}

/** What pyFAI 0.21 reads from a PONI file. */
export interface PoniReading {
  detector: string;
  config: Record<string, unknown>;
  pixel: [number, number];
  shape: [number, number] | null;
  values: { dist: number; poni1: number; poni2: number; rot1: number; rot2: number; rot3: number; wavelength: number };
}

/** A PONI file written by pyFAI 0.21 and what pyFAI reads back from it. */
export interface PoniFixture extends PoniReading {
  text: string;
}

/** The whole fixture. */
export interface GeometryManifest {
  pyFAI: string;
  cases: GeometryCase[];
  masks: MaskSummary[];
  names: Record<string, string>;
  poni: PoniFixture[];
  /** What pyFAI reads from the real PONI files of ../shared/data (paths relative to it). */
  sharedPoni: Record<string, PoniReading>;
}

/** The manifest of the geometry fixture. */
export const manifest: GeometryManifest = JSON.parse(readFileSync(geometryFixture('geometry.json'), 'utf8'));

const bytes = readFileSync(geometryFixture('geometry.bin'));
const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

/** A pyFAI array of the fixture. */
export function fixtureArray(ref: ArrayRef): Float32Array {
  return floats.subarray(ref.offset, ref.offset + ref.length);
}
