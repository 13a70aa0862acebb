// Bundles the browser test's page and worker (h5wasm, loaded lazily, becomes a chunk of its own;
// tests only).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSite, type BrowserBundle } from './esbuild-site.js';

export type { BrowserBundle } from './esbuild-site.js';

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

/** Builds `/index.html`, `/page.js`, `/h5-worker.js` and their shared chunks, in memory. */
export function bundleBrowserTest(): Promise<BrowserBundle> {
  return bundleSite({ folder: dirname(fileURLToPath(import.meta.url)), entries: ['page', 'h5-worker'], indexHtml: INDEX_HTML });
}
