// Bundles the browser test's page and worker with esbuild, as an application's bundler would:
// for browsers, ESM with code splitting (h5wasm, loaded lazily, becomes a chunk of its own),
// workspace packages resolved to their sources (tests only).
import { build, type Metafile } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The page's HTML: the file input the test fills and the page's module. */
const INDEX_HTML = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>io-nexus in a browser</title></head>
  <body>
    <input type="file" id="files" multiple>
    <script type="module" src="./page.js"></script>
  </body>
</html>
`;

/** The bundled site: URL path (`/page.js`) to content, and esbuild's account of the inputs. */
export interface BrowserBundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly metafile: Metafile;
  readonly ms: number;
}

/** Builds `/index.html`, `/page.js`, `/h5-worker.js` and their shared chunks, in memory. */
export async function bundleBrowserTest(): Promise<BrowserBundle> {
  const start = performance.now();
  const result = await build({
    entryPoints: { page: join(here, 'page.ts'), 'h5-worker': join(here, 'h5-worker.ts') },
    outdir: join(here, 'out'), // never written: write is false
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@pandaas/source'],
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>([['/index.html', new TextEncoder().encode(INDEX_HTML)]]);
  for (const file of result.outputFiles) files.set(`/${file.path.slice(join(here, 'out').length + 1)}`, file.contents);
  return { files, metafile: result.metafile, ms: performance.now() - start };
}
