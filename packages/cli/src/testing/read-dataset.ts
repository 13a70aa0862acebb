// A dataset of an HDF5 file read back as plain numbers, for the tests' comparisons. Tests only.
import { openH5 } from '@pandaas/io-nexus';

/**
 * The values of the dataset `path` of the HDF5 file `file`, flat (row-major), as numbers.
 *
 * @example
 * ```ts
 * expect(await readDataset('fit.nxs', '/entry/fit/data')).toEqual(Array.from(y));
 * ```
 */
export async function readDataset(file: string, path: string): Promise<number[]> {
  const h5 = await openH5(file);
  try {
    return Array.from((await (await h5.dataset(path)).read()).dataSync() as ArrayLike<number>);
  } finally {
    await h5.close();
  }
}
