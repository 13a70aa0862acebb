/**
 * A contract server for IDS (context `/ids`) on 127.0.0.1: `prepareData` (selection in a form
 * body), `isPrepared` (which also drives restores), `getStatus` through ARCHIVED → RESTORING →
 * ONLINE (by `isPrepared` calls or by time), `getSize`, `getDatafileIds`, `getData` (one
 * datafile, or a zip of several) with offset-only `Range: bytes=N-` answered 206 without
 * Content-Range as ids.server does, 503 `DataNotOnlineException` while offline, `put` (octet-stream) returning the CRC-32, `ping`, and IDS `{code, message}` errors. Faults:
 * a body cut at byte N, slow bodies, plus the common storms and drops. A selection of several
 * datafiles comes as a deterministic zip of stored entries (so `getSize`, the sum of the
 * datafile sizes, is not its length), resumable like a single file. Test support only.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { crc32Hex, crc32Update } from '../ids/crc32.js';
import { sendJson, startHttpServer } from './http-server.js';
import type { RecordedRequest, RunningServer } from './http-server.js';
import { storeZip } from './store-zip.js';

/**
 * One datafile the IDS serves.
 *
 * @example
 * ```ts
 * const file: IdsFile = { id: 7, datasetId: 2, investigationId: 1, name: 'scan.h5', content: Buffer.from('...') };
 * ```
 */
export interface IdsFile {
  id: number;
  datasetId: number;
  investigationId: number;
  name: string;
  content: Buffer;
}

/**
 * Options of {@link startIdsServer}.
 *
 * @example
 * ```ts
 * await startIdsServer({ files, restoreCalls: 2, isSessionValid: (sid) => icat.liveSessions().includes(sid) });
 * ```
 */
export interface IdsServerOptions {
  files?: IdsFile[];
  /** Whether data starts on tape (ARCHIVED; default true) or ONLINE. */
  archived?: boolean;
  /** `isPrepared` calls a restore takes, counted from the call that starts it (default 2). */
  restoreCalls?: number;
  /** Or: milliseconds a restore takes (whichever comes first). */
  restoreMs?: number;
  /** Session check (default: any non-empty id). */
  isSessionValid?: (sessionId: string) => boolean;
  /** Longest URL accepted (default 4096), as real servers limit request lines. */
  maxUrlLength?: number;
  /** Answer cross-origin requests from browser pages (default false). */
  cors?: boolean;
}

/**
 * IDS-specific faults.
 *
 * @example
 * ```ts
 * server.idsFaults.cutAt = [1000, 5000]; // the next two getData bodies stop at file offsets 1000 and 5000
 * ```
 */
export interface IdsFaults {
  /** File offsets at which the next getData bodies are cut (one per response, consumed in order). */
  cutAt?: number[];
  /** Bodies are sent in chunks of this size with `chunkDelayMs` between them. */
  chunkBytes?: number;
  chunkDelayMs?: number;
}

/**
 * A running IDS contract server.
 *
 * @example
 * ```ts
 * const ids = await startIdsServer({ files });
 * ```
 */
export interface IdsServer extends RunningServer {
  readonly idsFaults: IdsFaults;
  /** The stored datafiles (including those `put`). */
  readonly files: Map<number, IdsFile>;
  /** The state of datafile `id`. */
  state(id: number): IdsState;
}

/**
 * Storage state of a datafile.
 *
 * @example
 * ```ts
 * server.state(7); // 'RESTORING'
 * ```
 */
export type IdsState = 'ARCHIVED' | 'RESTORING' | 'ONLINE';

class IdsServerError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function ids(list: string | null, name: string): number[] {
  if (list === null || list.trim() === '') return [];
  return list.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 0) throw new IdsServerError(400, 'BadRequestException', `${name} must be a comma separated list of ids, found '${part}'`);
    return n;
  });
}

/**
 * Starts an IDS contract server on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startIdsServer({ files: [{ id: 1, datasetId: 1, investigationId: 1, name: 'a', content: Buffer.alloc(10) }] });
 * ```
 */
export async function startIdsServer(options: IdsServerOptions = {}): Promise<IdsServer> {
  const files = new Map<number, IdsFile>((options.files ?? []).map((f) => [f.id, f]));
  const restoreCalls = options.restoreCalls ?? 2;
  const isSessionValid = options.isSessionValid ?? ((sid: string) => sid.length > 0);
  const storage = new Map<number, { state: IdsState; calls: number; since: number }>();
  const prepared = new Map<string, number[]>();
  const idsFaults: IdsFaults = {};
  let nextId = Math.max(0, ...files.keys()) + 1;

  const stateOf = (id: number): IdsState => {
    const entry = storage.get(id);
    if (!entry) return options.archived === false ? 'ONLINE' : 'ARCHIVED';
    if (entry.state === 'RESTORING' && options.restoreMs !== undefined && Date.now() - entry.since >= options.restoreMs) entry.state = 'ONLINE';
    return entry.state;
  };
  const advance = (id: number): void => {
    const state = stateOf(id);
    if (state === 'ARCHIVED') storage.set(id, { state: 'RESTORING', calls: 1, since: Date.now() });
    else if (state === 'RESTORING') {
      const entry = storage.get(id) as { state: IdsState; calls: number };
      entry.calls++;
      if (entry.calls > restoreCalls) entry.state = 'ONLINE';
    }
  };
  const overall = (list: number[]): IdsState => {
    const states = list.map(stateOf);
    if (states.includes('ARCHIVED')) return 'ARCHIVED';
    if (states.includes('RESTORING')) return 'RESTORING';
    return 'ONLINE';
  };

  const checkSession = (sid: string | null): void => {
    if (sid === null || !isSessionValid(sid)) throw new IdsServerError(403, 'InsufficientPrivilegesException', `The session id ${sid ?? ''} is not valid (Unable to find user by sessionid)`);
  };

  const selection = (params: URLSearchParams): number[] => {
    const preparedId = params.get('preparedId');
    if (preparedId !== null) {
      const found = prepared.get(preparedId);
      if (!found) throw new IdsServerError(404, 'NotFoundException', `The preparedId ${preparedId} is not known`);
      return found;
    }
    checkSession(params.get('sessionId'));
    const inv = ids(params.get('investigationIds'), 'investigationIds');
    const ds = ids(params.get('datasetIds'), 'datasetIds');
    const df = ids(params.get('datafileIds'), 'datafileIds');
    if (inv.length + ds.length + df.length === 0) throw new IdsServerError(400, 'BadRequestException', 'No selection: give investigationIds, datasetIds or datafileIds');
    const chosen = new Set<number>();
    for (const id of df) {
      if (!files.has(id)) throw new IdsServerError(404, 'NotFoundException', `Datafile ${id} not found`);
      chosen.add(id);
    }
    for (const [list, key] of [[ds, 'datasetId'], [inv, 'investigationId']] as const) {
      for (const id of list) {
        const matched = [...files.values()].filter((f) => f[key] === id);
        if (matched.length === 0) throw new IdsServerError(404, 'NotFoundException', `${key === 'datasetId' ? 'Dataset' : 'Investigation'} ${id} not found`);
        for (const f of matched) chosen.add(f.id);
      }
    }
    return [...chosen].sort((a, b) => a - b);
  };

  const sendText = (res: ServerResponse, text: string): void => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const getData = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    const list = selection(req.query);
    if (overall(list) !== 'ONLINE') {
      for (const id of list) if (stateOf(id) === 'ARCHIVED') advance(id);
      throw new IdsServerError(503, 'DataNotOnlineException', 'Before getting data, it must be restored: try again later');
    }
    const chosen = list.map((id) => files.get(id) as IdsFile);
    // one datafile comes as itself; several as a zip of stored entries `<datasetId>/<name>`
    const single = chosen.length === 1 ? chosen[0] : undefined;
    const body = single ? single.content : storeZip(chosen.map((f) => ({ name: `${f.datasetId}/${f.name}`, content: f.content })));
    const filename = single ? single.name : 'ids.zip';
    const size = body.length;
    let start = 0;
    const range = req.headers.range;
    if (range !== undefined) {
      const m = /^bytes=(\d+)-$/.exec(range.trim());
      if (!m) throw new IdsServerError(400, 'BadRequestException', `The range must be "bytes=N-" (an offset only), got ${range}`);
      start = Number(m[1]);
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
    }
    const headers: Record<string, string | number> = {
      'content-type': single ? 'application/octet-stream' : 'application/zip',
      'content-length': size - start,
      'content-disposition': `attachment; filename="${filename}"`,
    };
    // like ids.server: a resumed body is a 206 with Content-Length = size - offset and no Content-Range
    if (range !== undefined) headers['accept-ranges'] = 'bytes';
    res.writeHead(range !== undefined ? 206 : 200, headers);
    const cut = idsFaults.cutAt?.shift();
    const end = cut !== undefined && cut > start && cut < size ? cut : size;
    const chunk = idsFaults.chunkBytes ?? 64 * 1024;
    for (let pos = start; pos < end; pos += chunk) {
      const piece = body.subarray(pos, Math.min(end, pos + chunk));
      if (!res.write(piece)) await new Promise((r) => res.once('drain', r));
      if (idsFaults.chunkDelayMs) await new Promise((r) => setTimeout(r, idsFaults.chunkDelayMs));
    }
    if (end < size) {
      // the connection dies mid-body: flush what was written, then reset
      await new Promise((r) => setTimeout(r, 20));
      res.socket?.destroy();
      return;
    }
    res.end();
  };

  const handle = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    try {
      const form = new URLSearchParams(req.body.toString('utf8'));
      const route = `${req.method} ${req.path}`;
      if (route === 'GET /ids/ping') sendText(res, 'IdsOK');
      else if (route === 'POST /ids/prepareData') {
        const list = selection(form);
        const preparedId = randomUUID();
        prepared.set(preparedId, list);
        for (const id of list) if (stateOf(id) === 'ARCHIVED') advance(id);
        sendText(res, preparedId);
      } else if (route === 'GET /ids/isPrepared') {
        const list = selection(req.query);
        for (const id of list) advance(id);
        sendText(res, String(overall(list) === 'ONLINE'));
      } else if (route === 'GET /ids/getStatus') sendText(res, overall(selection(req.query)));
      else if (route === 'GET /ids/getSize') sendText(res, String(selection(req.query).reduce((sum, id) => sum + (files.get(id)?.content.length ?? 0), 0)));
      else if (route === 'GET /ids/getDatafileIds') sendJson(res, 200, { zip: false, compress: false, ids: selection(req.query) });
      else if (route === 'GET /ids/getData') await getData(req, res);
      else if (route === 'PUT /ids/put') {
        checkSession(req.query.get('sessionId'));
        const name = req.query.get('name');
        const datasetId = Number(req.query.get('datasetId'));
        if (!name || !Number.isInteger(datasetId)) throw new IdsServerError(400, 'BadRequestException', 'put needs name and datasetId');
        if (req.headers['content-type'] !== 'application/octet-stream') throw new IdsServerError(400, 'BadRequestException', 'put needs application/octet-stream');
        const id = nextId++;
        const location = `${datasetId}/${name}`;
        files.set(id, { id, datasetId, investigationId: 0, name, content: req.body });
        storage.set(id, { state: 'ONLINE', calls: 0, since: Date.now() });
        sendJson(res, 201, { id, checksum: crc32Hex(crc32Update(0, req.body)), location, size: req.body.length });
      } else throw new IdsServerError(404, 'NotFoundException', `No route ${route}`);
    } catch (err) {
      if (res.headersSent) res.destroy();
      else if (err instanceof IdsServerError) sendJson(res, err.status, { code: err.type, message: err.message });
      else throw err;
    }
  };

  const running = await startHttpServer(handle, { maxUrlLength: options.maxUrlLength, cors: options.cors });
  return { url: running.url, log: running.log, faults: running.faults, close: running.close, idsFaults, files, state: stateOf };
}
