/**
 * A decoding worker of `frames(dataset, { workers })`: a worker thread with its own h5wasm,
 * which opens the file read-only (in place: NODERAWFS, no copy), then answers each
 * {@link FrameRequest} with the frames read and decompressed here (into the buffer the request
 * brought, when it did), their buffer transferred to the caller (not copied). Errors are
 * answered too, as serialised typed errors naming the file and the path. Built as
 * `dist/frame-worker.js`; started by `spawnFrameWorker`.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL('./frame-worker.js', import.meta.url), { workerData });
 * worker.postMessage({ id: 1, first: 0, count: 2 });
 * ```
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LocalH5Source } from '../h5/local-source.js';
import { loadH5wasm } from '../h5/runtime.js';
import { framesSlab } from '../h5/selection.js';
import { serializeError } from '../worker/protocol.js';
import type { FrameReply, FrameRequest, FrameWorkerData } from './messages.js';

if (parentPort === null) throw new Error('frame-worker must run in a worker thread');
const port = parentPort;
const data = workerData as FrameWorkerData;
const opening = loadH5wasm().then((rt) => LocalH5Source.open(rt, data.file));
// an open that fails is answered to the first request; this only keeps it from being unhandled
opening.catch(() => undefined);

port.on('message', (request: FrameRequest) => {
  void answer(request).then((reply) => port.postMessage(reply, reply.ok ? [reply.raw.data.buffer as ArrayBuffer] : []));
});

async function answer({ id, first, count, into }: FrameRequest): Promise<FrameReply> {
  try {
    const source = await opening;
    const raw = await source.read(data.path, framesSlab(data.shape, first, count), data.read, into);
    return { id, ok: true, raw };
  } catch (err) {
    return { id, ok: false, error: serializeError(err) };
  }
}
