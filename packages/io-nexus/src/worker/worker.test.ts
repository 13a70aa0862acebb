import { ArgumentError, IndexRangeError } from '@pandaas/core';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterError, ObjectNotFoundError } from '../errors.js';
import { frames } from '../frames.js';
import { LocalH5Source } from '../h5/local-source.js';
import { loadH5wasm } from '../h5/runtime.js';
import { findDefaultNxData } from '../nexus/default.js';
import { expected, fixture, sharedData } from '../testing/data.js';
import { FileNotFoundError } from '../errors.js';
import { openH5InWorker } from './client.js';
import { createRequestHandler, deserializeError, serializeError, type WorkerResponse } from './protocol.js';
import { serveH5Worker, type WorkerScope } from './serve.js';

// The browser design (a File mounted with WORKERFS in a Web Worker, the page talking to it by
// messages) tested in Node: the message handling as pure functions, then the client and server
// over a MessageChannel, then over a real worker thread. Only the WORKERFS mount needs a browser.

async function pathOpener() {
  const rt = await loadH5wasm();
  return async ({ source }: { source: File | Blob | string }) => LocalH5Source.open(rt, String(source));
}

describe('the worker request handler (pure message handling)', () => {
  it('opens sessions, answers calls by id, transfers read buffers and closes', async () => {
    const handle = createRequestHandler(await pathOpener());
    const opened = await handle({ id: 1, op: 'open', source: fixture('filters.h5') });
    expect(opened.response).toEqual({ id: 1, ok: true, value: { session: 1, name: fixture('filters.h5') } });
    const info = await handle({ id: 2, op: 'info', session: 1, args: ['/lz4'] });
    expect(info.response).toMatchObject({ id: 2, ok: true, value: { kind: 'dataset', shape: [6, 40, 50], dtype: 'uint16' } });
    const read = await handle({ id: 3, op: 'read', session: 1, args: ['/lz4', { start: [2, 0, 0], count: [1, 40, 50], step: [1, 1, 1] }, {}] });
    const value = (read.response as { value: { data: Uint16Array; shape: number[] } }).value;
    expect(value.shape).toEqual([1, 40, 50]);
    expect(read.transfer).toEqual([value.data.buffer]);
    const closed = await handle({ id: 4, op: 'close', session: 1, args: [] });
    expect(closed.response).toEqual({ id: 4, ok: true, value: undefined });
    const after = await handle({ id: 5, op: 'keys', session: 1, args: ['/'] });
    expect(after.response).toMatchObject({ id: 5, ok: false, error: { name: 'ArgumentError', message: 'no open file has session number 1 (closed already?)' } });
  });

  it('answers malformed requests and failures with serialised typed errors, never a throw', async () => {
    const handle = createRequestHandler(await pathOpener());
    const bad: [unknown, string][] = [
      [null, 'ArgumentError'],
      [{ id: 7, op: 'explode', session: 1, args: [] }, 'ArgumentError'],
      [{ id: 8, op: 'open', source: 42 }, 'ArgumentError'],
      [{ id: 9, op: 'open', source: fixture('missing.h5') }, 'FileNotFoundError'],
      [{ id: 10, op: 'info', session: 1 }, 'ArgumentError'],
    ];
    for (const [message, name] of bad) {
      const { response } = await handle(message);
      expect(response.ok).toBe(false);
      expect((response as Extract<WorkerResponse, { ok: false }>).error.name).toBe(name);
    }
    await handle({ id: 11, op: 'open', source: fixture('filters.h5') });
    const { response } = await handle({ id: 12, op: 'read', session: 1, args: ['/unavailable', null, {}] });
    const error = (response as Extract<WorkerResponse, { ok: false }>).error;
    expect(error).toMatchObject({ name: 'FilterError', file: fixture('filters.h5'), path: '/unavailable', reason: 'unavailable' });
    expect(error.filters?.map((f) => f.id)).toEqual([32018]);
  });

  it('rebuilds errors with their class, message and fields', () => {
    const errors: Error[] = [
      new ObjectNotFoundError({ file: 'a.h5', path: '/x' }, 'no object here'),
      new FileNotFoundError({ file: 'b.h5' }, 'the file does not exist'),
      new FilterError({ file: 'c.h5', path: '/d' }, 'cannot decode', { reason: 'failed', filters: [{ id: 1, name: 'deflate', cdValues: [4] }] }),
      new IndexRangeError('index 9 out of range'),
      new TypeError('plain'),
    ];
    for (const original of errors) {
      const copy = deserializeError(structuredClone(serializeError(original)));
      expect(copy.constructor).toBe(original.name === 'TypeError' ? Error : original.constructor);
      expect(copy.name).toBe(original.name);
      expect(copy.message).toBe(original.message);
      if (original.name !== 'TypeError') expect({ ...copy }).toEqual({ ...original });
    }
  });
});

describe('client and server over a MessageChannel', () => {
  let channel: MessageChannel;
  beforeAll(() => {
    channel = new MessageChannel();
    serveH5Worker(channel.port2 as unknown as WorkerScope);
    channel.port1.start();
    channel.port2.start();
  });
  afterAll(() => {
    channel.port1.close();
  });

  it('reads data, attributes and the NeXus default plot through messages', async () => {
    const file = await openH5InWorker(channel.port1, sharedData('nexus', 'chopper.nxs'));
    try {
      const ds = await file.dataset('/entry/data/data');
      const part = await ds.read([[10, 20, 3], [100, 700, 50]]);
      expect(Array.from(part.dataSync())).toEqual(expected.shared.chopper.slice_10_20_3__100_700_50);
      const plot = await findDefaultNxData(file);
      expect(plot.chain).toEqual(['/', '/entry', '/entry/data']);
      expect(plot.nxdata?.axes.map((a) => a?.binEdges)).toEqual([false, true]);
      expect(await (await file.dataset('/entry/title')).readValue()).toEqual([expected.shared.chopper.title]);
    } finally {
      await file.close();
    }
  });

  it('streams frames and gives typed errors across the boundary', async () => {
    const file = await openH5InWorker(channel.port1, fixture('filters.h5'));
    try {
      let n = 0;
      for await (const chunk of frames(await file.dataset('/bitshuffle_lz4'), { batch: 4 })) n += chunk.shape[0];
      expect(n).toBe(6);
      const err = await (await file.dataset('/unavailable')).read().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FilterError);
      expect((err as FilterError).path).toBe('/unavailable');
      await expect(file.get('/nothing')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect((await file.dataset('/raw')).read([9])).rejects.toBeInstanceOf(IndexRangeError);
    } finally {
      await file.close();
    }
    await expect(file.get('/raw')).rejects.toBeInstanceOf(ArgumentError); // the session is gone
  });
});

describe('a worker that dies', () => {
  it('rejects the calls in flight (error event of a browser Worker) and every later call', async () => {
    const sent: unknown[] = [];
    const fake = Object.assign(new EventTarget(), { postMessage: (message: unknown) => sent.push(message) });
    const opening = openH5InWorker(fake, fixture('links.h5'));
    expect(sent).toEqual([{ op: 'open', source: fixture('links.h5'), siblings: undefined, swmr: undefined, id: 1 }]);
    fake.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    await expect(opening).rejects.toThrow('(HDF5 worker): the worker failed: out of memory');
    await expect(openH5InWorker(fake, fixture('links.h5'))).rejects.toThrow(/the worker failed/);
    expect(sent).toHaveLength(1);
  });

  it('rejects the calls in flight when a worker thread exits', async () => {
    const { EventEmitter } = await import('node:events');
    const fake = Object.assign(new EventEmitter(), { postMessage: () => undefined });
    const opening = openH5InWorker(fake, fixture('links.h5'));
    fake.emit('exit', 1);
    await expect(opening).rejects.toThrow('(HDF5 worker): the worker exited (code 1)');
  });
});

describe('a real worker thread', () => {
  it('serves a file, and rejects calls once the worker has exited', async () => {
    // the worker runs the TypeScript sources through tsx's loader, as vitest does here
    const entry = new URL('../testing/h5-worker-thread.ts', import.meta.url).href;
    const code = `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(entry)}); })()
      .catch((err) => setImmediate(() => { throw err; }));`;
    const worker = new Worker(code, { eval: true, execArgv: ['--conditions=@pandaas/source'] });
    try {
      const file = await openH5InWorker(worker, fixture('vds', 'master.h5'));
      const frame = await (await file.dataset('/entry/data/data')).read([3]);
      expect(Array.from(frame.dataSync())).toEqual(expected['vds/master.h5'].frame_3);
      await worker.terminate();
      await expect(file.get('/entry')).rejects.toThrow(/\(HDF5 worker\): the worker exited/);
    } finally {
      await worker.terminate();
    }
  });
});
