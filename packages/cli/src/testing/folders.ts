// Temporary folders for the command tests, and the staging folders a run leaves in them. Tests only.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new temporary folder whose name starts with `prefix` (removed by {@link removeFolder}).
 *
 * @example
 * ```ts
 * const folder = makeTemporaryFolder('pandaas-recon-test-');
 * ```
 */
export function makeTemporaryFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Removes a temporary folder.
 *
 * @example
 * ```ts
 * removeFolder(folder);
 * ```
 */
export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/**
 * The names left in `folder` that a run under way would have made (`.pandaas-partial-*`).
 *
 * @example
 * ```ts
 * expect(partialsIn(folder)).toEqual([]);
 * ```
 */
export function partialsIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith('.pandaas-partial-')) : [];
}
