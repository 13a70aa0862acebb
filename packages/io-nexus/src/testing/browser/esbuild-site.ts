// Bundles a browser test's site with esbuild, as an application's bundler would: for browsers,
// ESM with code splitting, workspace packages resolved to their sources (tests only). Shared by
// the packages' browser tests.
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';

/** The bundled site: URL path (`/page.js`) to content, and esbuild's account of the inputs. */
export interface BrowserBundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly metafile: Metafile;
  readonly ms: number;
}

/** What {@link bundleSite} builds. */
export interface SiteSources {
  /** The folder holding the entry modules (`<entry>.ts`). */
  readonly folder: string;
  /** Entry names: each `<folder>/<entry>.ts` becomes `/<entry>.js`. */
  readonly entries: readonly string[];
  /** The content of `/index.html`. */
  readonly indexHtml: string;
  /** Modules left outside the bundle (esbuild's `external`). */
  readonly external?: readonly string[];
}

/**
 * Builds `/index.html`, the entries and their shared chunks, in memory.
 *
 * @example
 * ```ts
 * const site = await bundleSite({ folder: here, entries: ['page'], indexHtml: INDEX_HTML });
 * ```
 */
export async function bundleSite(sources: SiteSources): Promise<BrowserBundle> {
  const start = performance.now();
  const out = join(sources.folder, 'out'); // never written: write is false
  const result = await build({
    entryPoints: Object.fromEntries(sources.entries.map((entry) => [entry, join(sources.folder, `${entry}.ts`)])),
    outdir: out,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@pandaas/source'],
    external: [...(sources.external ?? [])],
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>([['/index.html', new TextEncoder().encode(sources.indexHtml)]]);
  for (const file of result.outputFiles) files.set(`/${file.path.slice(out.length + 1)}`, file.contents);
  return { files, metafile: result.metafile, ms: performance.now() - start };
}
