/**
 * The built viewer for the browser test (tests only): `vite build` through Vite's JS API with
 * the app's own config, into a temporary folder, served by a static HTTP server on 127.0.0.1 with
 * the cross-origin isolation headers a real host must send.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { listenLocal } from '../../../../packages/io-nexus/src/testing/browser/server.js';
import { ISOLATION_HEADERS } from '../../vite.config.js';

const viewerRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.so': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

/** A built site in a temporary folder; remove() deletes it. */
export interface BuiltSite {
  readonly folder: string;
  /** The modules bundled into the page's chunks (absolute paths, as Vite resolved them). */
  readonly modules: readonly string[];
  readonly ms: number;
  remove(): void;
}

/**
 * Builds the viewer with `vite.config.ts` into a new temporary folder.
 *
 * @example
 * ```ts
 * const site = await buildViewer();
 * site.remove();
 * ```
 */
export async function buildViewer(): Promise<BuiltSite> {
  const folder = mkdtempSync(join(tmpdir(), 'pandaas-viewer-'));
  const start = performance.now();
  let outputs: Rolldown.RolldownOutput[];
  try {
    const result = await build({ configFile: join(viewerRoot, 'vite.config.ts'), root: viewerRoot, logLevel: 'error', build: { outDir: folder, emptyOutDir: true } });
    outputs = (Array.isArray(result) ? result : [result]).filter((r): r is Rolldown.RolldownOutput => 'output' in r);
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  }
  const modules = outputs.flatMap((o) => o.output.flatMap((item) => (item.type === 'chunk' ? item.moduleIds : [])));
  return { folder, modules, ms: performance.now() - start, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A running server: its origin, the paths asked for with their statuses, and close(). */
export interface SiteServer {
  readonly origin: string;
  readonly requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Serves `folder` on a free port of 127.0.0.1, every response with COOP and COEP.
 *
 * @example
 * ```ts
 * const server = await serveFolder(site.folder);
 * await page.goto(`${server.origin}/`);
 * await server.close();
 * ```
 */
export async function serveFolder(folder: string): Promise<SiteServer> {
  const requests: { path: string; status: number }[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const reply = (status: number, body: Uint8Array | string, type: string) => {
      requests.push({ path, status });
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...ISOLATION_HEADERS }).end(body);
    };
    const file = normalize(join(folder, path === '/' ? 'index.html' : path));
    if (!file.startsWith(folder + sep)) return reply(403, 'outside the site', 'text/plain');
    readFile(file).then(
      (bytes) => reply(200, bytes, TYPES[extname(file)] ?? 'application/octet-stream'),
      () => reply(404, 'not found', 'text/plain'),
    );
  });
  return { ...(await listenLocal(server)), requests };
}
