// The Web Worker of the browser test: serves HDF5 files with the plugins from the URL given in
// its own query (`?plugins=...`), as an application would (tests only; bundled by bundle.ts).
import { serveH5Worker, type WorkerScope } from '@pandaas/io-nexus';

const pluginBaseUrl = new URL(self.location.href).searchParams.get('plugins');
if (pluginBaseUrl === null) throw new Error('h5-worker.js needs ?plugins=<URL of the libH5Z*.so folder>');
serveH5Worker(self as unknown as WorkerScope, { pluginBaseUrl });
