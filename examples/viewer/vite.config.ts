import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { PLUGIN_FOLDER } from './src/worker/plugin-folder.js';

/**
 * Cross-origin isolation (COOP + COEP): without it browsers give no SharedArrayBuffer, and
 * @pandaas/core's CPU pool then runs every kernel on the page's own thread. A host serving the
 * built folder must send the same two headers.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** h5wasm-plugins' compiled filters (`libH5Zbshuf.so`, ...): a dependency of @pandaas/io-nexus. */
function pluginFiles(): string {
  const ioNexus = createRequire(import.meta.url).resolve('@pandaas/io-nexus/package.json');
  return join(dirname(createRequire(ioNexus).resolve('h5wasm-plugins')), 'plugins');
}

/**
 * Ships the HDF5 compression filters (bitshuffle, LZ4, blosc, zstd, ...) as static files under
 * `h5wasm-plugins/`: served by the dev server, copied into the build.
 */
function h5wasmPlugins(): Plugin {
  const folder = pluginFiles();
  const names = readdirSync(folder).filter((name) => /^libH5Z\w+\.so$/.test(name));
  return {
    name: 'pandaas-viewer:h5wasm-plugins',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const name = new RegExp(`^/${PLUGIN_FOLDER}/(libH5Z\\w+\\.so)$`).exec(request.url ?? '')?.[1];
        if (name === undefined || !names.includes(name)) return next();
        response.writeHead(200, { 'content-type': 'application/octet-stream', ...ISOLATION_HEADERS });
        response.end(readFileSync(join(folder, name)));
      });
    },
    generateBundle() {
      for (const name of names) this.emitFile({ type: 'asset', fileName: `${PLUGIN_FOLDER}/${name}`, source: readFileSync(join(folder, name)) });
    },
  };
}

export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  // relative URLs: the built folder works from any path of a static host
  base: './',
  // workspace packages resolve to their TypeScript sources (their exports' "@pandaas/source")
  resolve: { conditions: ['@pandaas/source', ...defaultClientConditions] },
  // module workers: the HDF5 worker loads h5wasm as a chunk of its own
  worker: { format: 'es' },
  plugins: [h5wasmPlugins()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
});
