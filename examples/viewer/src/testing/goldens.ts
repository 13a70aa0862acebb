/**
 * Screenshots of the viewer's plots compared with the PNGs in `src/__goldens__` (tests only), by
 * @pandaas/plot's golden helpers and tolerance; written when UPDATE_GOLDENS=1.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, diffPixels, GOLDEN_TOLERANCE } from '../../../../packages/plot/src/testing/golden.js';

/** Where the viewer's goldens live. */
export const GOLDENS = join(dirname(fileURLToPath(import.meta.url)), '..', '__goldens__');

/**
 * Compares the screenshot `png` with the golden `name`.png within @pandaas/plot's
 * GOLDEN_TOLERANCE (pixelmatch threshold 0.1, anti-aliasing ignored, at most 0.1 % of the pixels
 * different); returns the differing fraction, or throws with the numbers and a diff picture. With
 * UPDATE_GOLDENS=1 the golden is written first (look at it before committing).
 *
 * @example
 * ```ts
 * compareWithGolden('pattern', await page.locator('#pattern-canvas').screenshot());
 * ```
 */
export function compareWithGolden(name: string, png: Uint8Array): number {
  const path = join(GOLDENS, `${name}.png`);
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(GOLDENS, { recursive: true });
    writeFileSync(path, png);
  }
  if (!existsSync(path)) throw new Error(`golden ${path} is missing: write it with UPDATE_GOLDENS=1 (and look at it before committing)`);
  const golden = decodePng(readFileSync(path));
  const actual = decodePng(png);
  const diffPath = join(tmpdir(), `pandaas-viewer-${name}-diff.png`);
  const fraction = diffPixels(golden, actual, GOLDEN_TOLERANCE.threshold, diffPath) / (golden.width * golden.height);
  if (fraction > GOLDEN_TOLERANCE.maxDiffFraction) {
    writeFileSync(join(tmpdir(), `pandaas-viewer-${name}-actual.png`), png);
    throw new Error(`${name}: ${(fraction * 100).toFixed(3)} % of the pixels differ from the golden, more than ${GOLDEN_TOLERANCE.maxDiffFraction * 100} %; diff in ${diffPath}`);
  }
  return fraction;
}
