// Bundles the browser test's page with esbuild, as an application's bundler would (ESM for
// browsers, workspace packages resolved to their sources; tests only).
import { build, type Metafile } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const INDEX_HTML = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>catalog-client in a browser</title></head>
  <body><script type="module" src="./page.js"></script></body>
</html>
`;

/** The bundled site (URL path to content) and esbuild's account of inputs and outputs. */
export interface BrowserBundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly metafile: Metafile;
  readonly ms: number;
}

/** Builds `/index.html`, `/page.js` and its lazily loaded chunks, in memory. */
export async function bundleCatalogPage(): Promise<BrowserBundle> {
  const start = performance.now();
  const out = join(here, 'out'); // never written: write is false
  const result = await build({
    entryPoints: { page: join(here, 'page.ts') },
    outdir: out,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@pandaas/source'],
    // Node-only modules stay outside the bundle: imported lazily, never in a browser
    external: ['node:*', 'undici'],
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>([['/index.html', new TextEncoder().encode(INDEX_HTML)]]);
  for (const file of result.outputFiles) files.set(`/${file.path.slice(out.length + 1)}`, file.contents);
  return { files, metafile: result.metafile, ms: performance.now() - start };
}
