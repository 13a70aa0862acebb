import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedData } from '../../../core/src/testing/shared-data.js';

const here = dirname(fileURLToPath(import.meta.url));

export { sharedData };

/** A file of the committed fixtures written by scripts/fixtures/io_nexus_read.py. */
export function fixture(...parts: string[]): string {
  return join(here, '..', '__fixtures__', 'read', ...parts);
}

/** What h5py read from the fixtures and the shared files (scripts/fixtures/io_nexus_read.py). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected: any = JSON.parse(readFileSync(fixture('expected.json'), 'utf8'));
