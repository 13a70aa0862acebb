import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedData } from '../../../core/src/testing/shared-data.js';

const here = dirname(fileURLToPath(import.meta.url));

export { sharedData };

/** A file of the committed geometry fixtures (scripts/fixtures/integrate/geometry.py). */
export function geometryFixture(...parts: string[]): string {
  return join(here, '..', '__fixtures__', 'geometry', ...parts);
}
