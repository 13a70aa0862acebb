import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedData } from '../../../core/src/testing/shared-data.js';

const here = dirname(fileURLToPath(import.meta.url));

/** A committed fixture of packages/fit/src/__fixtures__, parsed as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(...parts: string[]): any {
  return JSON.parse(readFileSync(join(here, '..', '__fixtures__', ...parts), 'utf8'));
}

/** Float64 little-endian bytes in base64 (as the fixture scripts write them) as a Float64Array. */
export function float64(base64: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** A PyMca single-column `.mca` file (lines starting with `#` are comments). */
function readMca(path: string): Float64Array {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  return Float64Array.from(lines.filter((l) => l.trim() !== '' && !l.startsWith('#')).map(Number));
}

/** The `$DATA:` block of a `.spe` (SPEC_ID) file. */
function readSpe(path: string): Float64Array {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const at = lines.indexOf('$DATA:');
  if (at < 0) throw new Error(`${path} has no $DATA: block`);
  const [first, last] = lines[at + 1].trim().split(/\s+/).map(Number);
  const values: number[] = [];
  for (const line of lines.slice(at + 2)) {
    if (line.startsWith('$')) break;
    for (const token of line.trim().split(/\s+/)) if (token !== '') values.push(Number(token));
  }
  if (values.length !== last - first + 1) throw new Error(`${path}: ${values.length} values for channels ${first} to ${last}`);
  return Float64Array.from(values);
}

/** One whitespace-separated column of a headerless text table (such as pixium_03150.dat). */
function readColumn(path: string, column: number): Float64Array {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return Float64Array.from(lines.map((l) => Number(l.trim().split(/\s+/)[column])));
}

/** Reads a real spectrum named by a fixture: `{ file, format: 'mca' | 'spe' | 'dat', column? }`. */
export function readSpectrum(spec: { file: string; format: string; column?: number | null }): Float64Array {
  const path = sharedData(...spec.file.split('/'));
  if (spec.format === 'mca') return readMca(path);
  if (spec.format === 'spe') return readSpe(path);
  if (spec.format === 'dat') return readColumn(path, spec.column ?? 0);
  throw new Error(`unknown spectrum format ${spec.format}`);
}

/** The largest |a[i] - b[i]| / max(|b[i]|, floor) over two arrays of one length. */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (Number.isNaN(d)) return Infinity;
    if (d > worst) worst = d;
  }
  return worst;
}
