// Bundles the browser test's page with esbuild, through io-nexus's shared helper (tests only).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSite, type BrowserBundle } from '../../../../io-nexus/src/testing/browser/esbuild-site.js';

export type { BrowserBundle } from '../../../../io-nexus/src/testing/browser/esbuild-site.js';

const INDEX_HTML = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>catalog-client in a browser</title></head>
  <body><script type="module" src="./page.js"></script></body>
</html>
`;

/** Builds `/index.html`, `/page.js` and its lazily loaded chunks, in memory. */
export function bundleCatalogPage(): Promise<BrowserBundle> {
  return bundleSite({
    folder: dirname(fileURLToPath(import.meta.url)),
    entries: ['page'],
    indexHtml: INDEX_HTML,
    // Node-only modules stay outside the bundle: imported lazily, never in a browser
    external: ['node:*', 'undici'],
  });
}
