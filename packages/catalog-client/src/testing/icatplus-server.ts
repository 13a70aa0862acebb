/**
 * A tiny ICAT+ (ESRF) fake for tests: `node:http` on 127.0.0.1 with the anonymous routes the
 * client uses: `GET /catalogue/datasets` (startDate, endDate, instrumentName, techniquePids,
 * limit, sortBy, sortOrder), `GET /doi/{prefix}/{suffix}/datasets`, and
 * `GET /ids/data/download?datasetIds|datafileIds`, which answers 302 to its own IDS
 * `GET /ids/getData?sessionId&datasetIds|datafileIds` (an anonymous session, as ICAT+ does).
 * Express-like: HEAD is answered like GET without a body; errors are `{message}` JSON.
 *
 * @example
 * ```ts
 * const fake = await startIcatPlusServer({ datasets: [{ id: 1, name: 'scan', startDate: '2023-01-02T00:00:00Z', instrumentName: 'ID16A' }] });
 * const client = new IcatPlusClient({ url: fake.url });
 * await fake.close();
 * ```
 * @module
 */
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCors } from './http-server.js';

/** A dataset as the fake stores it (ICAT+ sends more fields; these are the ones it filters on). */
export interface IcatPlusFakeDataset {
  id: number;
  name: string;
  startDate: string;
  endDate?: string;
  instrumentName?: string;
  doi?: string;
  techniques?: { pid: string; name?: string }[];
  [field: string]: unknown;
}

/** Options of {@link startIcatPlusServer}. */
export interface IcatPlusServerOptions {
  datasets?: IcatPlusFakeDataset[];
  /** The anonymous session id put in the IDS redirect (default `anon-session-0000`). */
  anonymousSessionId?: string;
  /** Answer cross-origin requests from browser pages (default false). */
  cors?: boolean;
}

/** A running ICAT+ fake. */
export interface IcatPlusServer {
  readonly url: string;
  /** `METHOD path?query` of every request received. */
  readonly requests: string[];
  /** The bytes `getData` serves for a selection (`"datasets 1,2"` as UTF-8). */
  payload(selection: string): Uint8Array;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, head: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(head ? undefined : text);
}

const ID_LIST = /^\d+(,\d+)*$/;

/**
 * Starts the ICAT+ fake on 127.0.0.1 (a free port).
 *
 * @example
 * ```ts
 * const fake = await startIcatPlusServer();
 * const res = await fetch(`${fake.url}/catalogue/datasets?limit=1`);
 * ```
 */
export async function startIcatPlusServer(options: IcatPlusServerOptions = {}): Promise<IcatPlusServer> {
  const datasets = options.datasets ?? [];
  const sessionId = options.anonymousSessionId ?? 'anon-session-0000';
  const requests: string[] = [];
  const payload = (selection: string) => new TextEncoder().encode(`datasets ${selection}`);

  function search(query: URLSearchParams): IcatPlusFakeDataset[] | string {
    const start = query.get('startDate');
    const end = query.get('endDate');
    for (const [name, value] of [['startDate', start], ['endDate', end]] as const) {
      if (value !== null && Number.isNaN(Date.parse(value))) return `${name} is not a valid date: ${value}`;
    }
    if (start !== null && end !== null && Date.parse(end) < Date.parse(start)) return `endDate ${end} is before startDate ${start}`;
    const limit = query.get('limit');
    if (limit !== null && !/^\d+$/.test(limit)) return `limit must be a positive integer: ${limit}`;
    const instrument = query.get('instrumentName')?.toLowerCase();
    const techniques = query.get('techniquePids')?.split(',').filter((t) => t !== '');
    let found = datasets.filter(
      (d) =>
        (start === null || Date.parse(d.startDate) >= Date.parse(start)) &&
        (end === null || Date.parse(d.startDate) <= Date.parse(end)) &&
        (instrument === undefined || d.instrumentName?.toLowerCase() === instrument) &&
        (techniques === undefined || techniques.length === 0 || (d.techniques ?? []).some((t) => techniques.includes(t.pid))),
    );
    const sortBy = query.get('sortBy');
    if (sortBy !== null) {
      const sign = query.get('sortOrder')?.toLowerCase() === 'desc' ? -1 : 1;
      found = [...found].sort((a, b) => sign * String(a[sortBy] ?? '').localeCompare(String(b[sortBy] ?? '')));
    }
    return limit === null ? found : found.slice(0, Number(limit));
  }

  const server = createServer((req, res) => {
    if (options.cors && answerCors(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return sendJson(res, 404, { message: `Cannot ${req.method} ${url.pathname}` }, head);
    const segments = url.pathname.split('/').filter((s) => s !== '');
    if (url.pathname === '/catalogue/datasets') {
      const found = search(url.searchParams);
      return typeof found === 'string' ? sendJson(res, 400, { message: found }, head) : sendJson(res, 200, found, head);
    }
    if (segments.length === 4 && segments[0] === 'doi' && segments[3] === 'datasets') {
      const doi = `${decodeURIComponent(segments[1])}/${decodeURIComponent(segments[2])}`.toUpperCase();
      return sendJson(res, 200, datasets.filter((d) => d.doi?.toUpperCase() === doi), head);
    }
    const datasetIds = url.searchParams.get('datasetIds');
    const datafileIds = url.searchParams.get('datafileIds');
    const selection = datasetIds ?? datafileIds;
    const kind = datasetIds !== null ? 'datasetIds' : 'datafileIds';
    if (url.pathname === '/ids/data/download' || url.pathname === '/ids/getData') {
      if (selection === null || !ID_LIST.test(selection)) {
        return sendJson(res, 400, { message: 'datasetIds or datafileIds must be a comma-separated list of ids' }, head);
      }
      if (url.pathname === '/ids/data/download') {
        const target = `/ids/getData?sessionId=${sessionId}&${kind}=${selection}`;
        res.writeHead(302, { location: target, 'content-length': 0 });
        return res.end();
      }
      if (url.searchParams.get('sessionId') !== sessionId) return sendJson(res, 403, { code: 'SESSION', message: 'Unable to find user by sessionid' }, head);
      const bytes = payload(selection);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      return res.end(head ? undefined : bytes);
    }
    return sendJson(res, 404, { message: `Cannot GET ${url.pathname}` }, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    payload,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
