// A Node worker thread that serves HDF5 files the way a browser Web Worker does (tests only).
import { parentPort } from 'node:worker_threads';
import { serveH5Worker, type WorkerScope } from '../worker/serve.js';

if (parentPort === null) throw new Error('h5-worker-thread.ts must run in a worker thread');
serveH5Worker(parentPort as unknown as WorkerScope);
