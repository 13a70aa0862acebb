import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * A file of the real instrument data of the workspace (`../shared/data` beside the repository, or env
 * `PANDAAS_SHARED_DATA`). Throws with instructions when it is missing, so that tests which need
 * it fail loudly instead of passing without having run. Every package's tests use this one
 * locator (through their own `src/testing/data.ts`).
 *
 * @example
 * ```ts
 * const tif = sharedData('diffraction2d', 'dls_pixium', 'pixium_03150.tif');
 * ```
 */
export function sharedData(...parts: string[]): string {
  const env = process.env.PANDAAS_SHARED_DATA;
  let folder = env !== undefined && env !== '' ? resolve(env) : undefined;
  for (let dir = here; folder === undefined; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data');
    if (existsSync(join(candidate, 'README.md'))) folder = candidate;
    else if (dirname(dir) === dir) break;
  }
  if (folder === undefined || !existsSync(folder)) {
    throw new Error(
      env !== undefined && env !== ''
        ? `PANDAAS_SHARED_DATA is ${JSON.stringify(env)}, which is not a folder: point it at the real data files (shared/data).`
        : 'The real data files of ../shared/data were not found above this repository. Put them there, or set PANDAAS_SHARED_DATA to their folder.',
    );
  }
  const file = join(folder, ...parts);
  if (!existsSync(file)) throw new Error(`${file} is missing from the shared data folder ${folder}`);
  return file;
}
