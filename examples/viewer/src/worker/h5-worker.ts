/**
 * The viewer's Web Worker: io-nexus' HDF5 service (files chosen on the page, mounted with
 * WORKERFS and read in place), and the viewer's own `write` request, which writes a result with
 * h5wasm in memory and answers the file's bytes. The page's first message says where the
 * compression filters are served; h5wasm starts loading then.
 *
 * @module
 */
import { loadH5wasm, serveH5Worker, type WorkerScope } from '@pandaas/io-nexus';
import { isViewerMessage, type WriteReply, type WriteRequest } from './messages.js';
import { writeTreeBytes } from './write-tree.js';

/** The parts of a dedicated worker's global scope used here. */
interface DedicatedScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = self as unknown as DedicatedScope;

// io-nexus answers every message it receives: it gets only those that are not the viewer's
const h5Scope: WorkerScope = {
  addEventListener: (type, listener) => scope.addEventListener(type, (event) => {
    if (!isViewerMessage(event.data)) listener(event);
  }),
  postMessage: (message, transfer) => scope.postMessage(message, transfer ?? []),
};
serveH5Worker(h5Scope);

let files = 0;

async function write(request: WriteRequest): Promise<WriteReply> {
  try {
    const bytes = writeTreeBytes(await loadH5wasm(), request.tree, `/pandaas-viewer-${++files}.nxs`);
    return { viewer: 'written', ticket: request.ticket, ok: true, bytes };
  } catch (err) {
    const { name, message } = err instanceof Error ? err : new Error(String(err));
    return { viewer: 'written', ticket: request.ticket, ok: false, name, message };
  }
}

scope.addEventListener('message', (event) => {
  const message: unknown = event.data;
  if (!isViewerMessage(message)) return;
  if (message.viewer === 'configure') {
    // the first call's options are the ones h5wasm loads with; a failure shows at the first open
    loadH5wasm({ pluginBaseUrl: message.pluginBaseUrl }).catch(() => undefined);
  } else if (message.viewer === 'write') {
    void write(message).then((reply) => scope.postMessage(reply, reply.ok ? [reply.bytes.buffer as ArrayBuffer] : []));
  }
});
