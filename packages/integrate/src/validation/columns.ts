/**
 * Two-column text files of 1D patterns (pyFAI's `.dat`, Dioptas' `.xy`): whitespace-separated
 * numbers after `#` comment lines.
 *
 * @example
 * ```ts
 * const [tth, intensity] = readColumns('integrated.dat');
 * ```
 * @module
 */
import { readFileSync } from 'node:fs';

/** The first two columns of a pattern file, as float64. */
export function readColumns(path: string): [Float64Array, Float64Array] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const x = new Float64Array(lines.length);
  const y = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [a, b] = line.trim().split(/\s+/).map(Number);
    x[i] = a;
    y[i] = b;
  });
  return [x, y];
}
