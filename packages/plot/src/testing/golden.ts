/**
 * PNG golden images for the plot tests: compared with pixelmatch within a stated tolerance;
 * written only when the environment says UPDATE_GOLDENS=1 (then also copied to docs/plots,
 * where the guide shows them). A missing golden fails the test.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));
/** Where the goldens live. */
export const GOLDENS = join(here, '..', '__goldens__');
/** Where the guide (docs/plot.md) takes its pictures from. */
export const DOCS_PLOTS = join(here, '..', '..', '..', '..', 'docs', 'plots');

/** How different a rendering may be from its golden. */
export interface GoldenTolerance {
  /** pixelmatch's per-pixel colour threshold (0..1; 0.1 is its default). */
  threshold: number;
  /** The largest fraction of pixels allowed to differ (anti-aliased pixels are not counted). */
  maxDiffFraction: number;
}

/**
 * The tolerance of the goldens: pixelmatch threshold 0.1, anti-aliasing ignored, at most 0.1 %
 * of the pixels different — room for Skia's text and edge rasterisation across versions and
 * platforms, none for a moved axis, a missing curve or a wrong colour.
 */
export const GOLDEN_TOLERANCE: GoldenTolerance = { threshold: 0.1, maxDiffFraction: 0.001 };

/** Decodes a PNG to RGBA. */
export function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

/**
 * Pixels that differ between two RGBA images of one size (pixelmatch, anti-aliasing ignored);
 * the diff picture goes to `diffPath` when given.
 */
export function diffPixels(a: { width: number; height: number; data: Uint8Array }, b: { width: number; height: number; data: Uint8Array }, threshold: number, diffPath?: string): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  const diff = new PNG({ width: a.width, height: a.height });
  const n = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold });
  if (n > 0 && diffPath !== undefined) writeFileSync(diffPath, PNG.sync.write(diff));
  return n;
}

/** Where a golden comparison looks and how strict it is. */
export interface GoldenOptions {
  /** Folder of the goldens (default GOLDENS, plot's own; only those are also copied to DOCS_PLOTS). */
  folder?: string;
  /** Names the diff and actual pictures left in the temporary folder: `pandaas-<label>-<name>-diff.png` (default 'plot'). */
  label?: string;
  /** Default GOLDEN_TOLERANCE. */
  tolerance?: GoldenTolerance;
}

/**
 * Compares `png` with the golden `name` (.png) in `options.folder` within `options.tolerance`,
 * returning the differing fraction; throws with the numbers and the path of a diff picture when
 * it is beyond. With UPDATE_GOLDENS=1 the golden is written first (look at it before committing).
 *
 * @example
 * ```ts
 * compareWithGolden('line', await renderPng(fig));
 * compareWithGolden('pattern', screenshot, { folder: join(here, '__goldens__'), label: 'viewer' });
 * ```
 */
export function compareWithGolden(name: string, png: Uint8Array, options: GoldenOptions = {}): number {
  const { folder = GOLDENS, label = 'plot', tolerance = GOLDEN_TOLERANCE } = options;
  const path = join(folder, `${name}.png`);
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, png);
    if (folder === GOLDENS) {
      mkdirSync(DOCS_PLOTS, { recursive: true });
      writeFileSync(join(DOCS_PLOTS, `${name}.png`), png);
    }
  }
  if (!existsSync(path)) throw new Error(`golden ${path} is missing: render it with UPDATE_GOLDENS=1 (and look at it before committing)`);
  const golden = decodePng(readFileSync(path));
  const actual = decodePng(png);
  const diffPath = join(tmpdir(), `pandaas-${label}-${name}-diff.png`);
  const differing = diffPixels(golden, actual, tolerance.threshold, diffPath);
  const fraction = differing / (golden.width * golden.height);
  if (fraction > tolerance.maxDiffFraction) {
    writeFileSync(join(tmpdir(), `pandaas-${label}-${name}-actual.png`), png);
    throw new Error(`${name}: ${differing} pixels (${(fraction * 100).toFixed(3)} %) differ from the golden, more than ${tolerance.maxDiffFraction * 100} %; diff in ${diffPath}`);
  }
  return fraction;
}
