/**
 * `IdsClient`: the ICAT Data Service. `prepareData` with the selection in the POST body,
 * polling `isPrepared`/`getStatus` with backoff, `download` streamed to a file in Node
 * (temporary name, rename when complete, resumed with `Range: bytes=N-` on the same preparedId
 * after a cut, size and CRC-32 verified), and `put` for ingest.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { CatalogError, DestinationExistsError, TransferError } from '../errors.js';
import { HttpTransport } from '../http/transport.js';
import type { TransportOptions } from '../http/transport.js';
import { sleep } from '../http/retry.js';
import { crc32Update, sameCrc32 } from './crc32.js';
import { idsErrorMapper } from './errors.js';
import { nodeFileSink } from './file-sink.js';
import { memoryFileSink } from './memory-sink.js';
import type { FileSink, WritableFile } from './file-sink.js';

/**
 * What to fetch: ids of investigations, datasets and datafiles (any mix).
 *
 * @example
 * ```ts
 * const selection: IdsSelection = { datasetIds: [42], datafileIds: [7, 8] };
 * ```
 */
export interface IdsSelection {
  investigationIds?: readonly number[];
  datasetIds?: readonly number[];
  datafileIds?: readonly number[];
}

/**
 * Storage state IDS reports.
 *
 * @example
 * ```ts
 * if ((await ids.getStatus(preparedId)) === 'ARCHIVED') console.log('on tape');
 * ```
 */
export type IdsStatus = 'ONLINE' | 'RESTORING' | 'ARCHIVED';

/**
 * Something that runs a call with a valid ICAT session id (an `IcatClient`).
 *
 * @example
 * ```ts
 * const ids = new IdsClient({ url, session: icat });
 * ```
 */
export interface SessionProvider {
  withSession<T>(call: (sessionId: string) => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
}

/**
 * Options of {@link IdsClient}.
 *
 * @example
 * ```ts
 * const options: IdsClientOptions = { url: 'https://ids.example.org', session: icat };
 * ```
 */
export interface IdsClientOptions extends Omit<TransportOptions, 'baseUrl' | 'errorMapper'> {
  /** The server root (the API is under `/ids`). */
  url: string;
  /** The ICAT session to use for selections and `put`. */
  session?: SessionProvider;
}

/**
 * One poll of {@link IdsClient.waitUntilPrepared}.
 *
 * @example
 * ```ts
 * const onStatus = (s: IdsPollStatus) => console.log(`${s.status} after ${s.elapsedMs} ms`);
 * ```
 */
export interface IdsPollStatus {
  readonly prepared: boolean;
  readonly status: IdsStatus;
  readonly poll: number;
  readonly elapsedMs: number;
}

/**
 * Options of {@link IdsClient.waitUntilPrepared}.
 *
 * @example
 * ```ts
 * await ids.waitUntilPrepared(preparedId, { initialDelayMs: 5000, maxDelayMs: 60_000, onStatus: console.log });
 * ```
 */
export interface IdsWaitOptions {
  /** First wait between polls (default 1000 ms); doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  /** Longest wait between polls (default 60 000 ms). */
  maxDelayMs?: number;
  /** Give up after this long with a retryable {@link CatalogError} (default: never). */
  timeoutMs?: number;
  onStatus?: (status: IdsPollStatus) => void;
  signal?: AbortSignal;
}

/**
 * Download progress.
 *
 * @example
 * ```ts
 * const onProgress = (p: IdsProgress) => console.log(`${p.bytes}/${p.total ?? '?'}`);
 * ```
 */
export interface IdsProgress {
  readonly bytes: number;
  readonly total: number | undefined;
  /** Connection cuts resumed so far. */
  readonly resumes: number;
}

/**
 * Options of {@link IdsClient.download}.
 *
 * @example
 * ```ts
 * await ids.download(preparedId, 'scan.h5', { expectedSize: df.fileSize, expectedChecksum: df.checksum, maxResumes: 5 });
 * ```
 */
export interface IdsDownloadOptions {
  /** The size the file must have (e.g. `Datafile.fileSize`); else the server's `Content-Range`/`Content-Length`. */
  expectedSize?: number;
  /** The CRC-32 hex the file must have (`Datafile.checksum` as IDS writes it). */
  expectedChecksum?: string;
  onProgress?: (progress: IdsProgress) => void;
  /** Cuts resumed with `Range` before giving up (default 5). */
  maxResumes?: number;
  /** Continue a `<destination>.part` left by an earlier run (default false: start over). */
  resume?: boolean;
  /** Replace a file at `destination` (default false: a {@link DestinationExistsError}, the file untouched). */
  overwrite?: boolean;
  /** Milliseconds without a byte before a connection counts as cut (default 60 000). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Where to write (default: Node's file system). */
  sink?: FileSink;
}

/**
 * What a finished download wrote.
 *
 * @example
 * ```ts
 * const { bytes, checksum } = await ids.download(preparedId, 'out.h5');
 * ```
 */
export interface IdsDownloadResult {
  readonly path: string;
  readonly bytes: number;
  /** CRC-32 of the file, hex as IDS writes it. */
  readonly checksum: string;
  readonly resumes: number;
}

/**
 * What `put` returns.
 *
 * @example
 * ```ts
 * const { id, checksum } = await ids.put(bytes, { name: 'new.h5', datasetId: 42, datafileFormatId: 1 });
 * ```
 */
export interface IdsPutResult {
  readonly id: number;
  readonly checksum: string;
  readonly location: string;
  readonly size: number;
}

function idList(selection: IdsSelection): Record<string, string> {
  const form: Record<string, string> = {};
  let any = false;
  for (const key of ['investigationIds', 'datasetIds', 'datafileIds'] as const) {
    const list = selection[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((id) => !Number.isInteger(id) || id < 0)) {
      throw new ArgumentError(`selection.${key} must be an array of integer ids, got ${JSON.stringify(list)}`);
    }
    if (list.length > 0) {
      form[key] = list.join(',');
      any = true;
    }
  }
  if (!any) throw new ArgumentError('selection must name at least one investigation, dataset or datafile id');
  return form;
}

/**
 * A client of one IDS.
 *
 * @example
 * ```ts
 * const ids = new IdsClient({ url: 'https://ids.example.org', session: icat });
 * const preparedId = await ids.prepareData({ datafileIds: [7] });
 * await ids.waitUntilPrepared(preparedId, { onStatus: (s) => console.log(s.status) });
 * await ids.download(preparedId, 'scan.h5', { expectedChecksum: 'cbf43926', onProgress: (p) => bar.update(p.bytes) });
 * ```
 */
export class IdsClient {
  readonly http: HttpTransport;
  readonly #session: SessionProvider | undefined;

  constructor(options: IdsClientOptions) {
    const { url, session, ...transport } = options;
    this.#session = session;
    this.http = new HttpTransport({ ...transport, baseUrl: url, errorMapper: idsErrorMapper });
  }

  /** Validates a preparedId and registers it as a secret (it grants access to the data). */
  #prepared(preparedId: string): void {
    if (typeof preparedId !== 'string' || !/^[\w-]+$/.test(preparedId)) throw new ArgumentError('preparedId must be the id prepareData returned');
    this.http.secrets.add(preparedId);
  }

  #withSession<T>(call: (sessionId: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!this.#session) throw new ArgumentError('this IdsClient has no session: pass options.session (an IcatClient)');
    return this.#session.withSession((sid) => {
      this.http.secrets.add(sid);
      return call(sid);
    }, { signal });
  }

  /**
   * Prepares a selection for download and returns its preparedId. The ids travel in the POST
   * body, so thousands of them never outgrow a URL; the call also starts restores from tape.
   *
   * @example
   * ```ts
   * const preparedId = await ids.prepareData({ datafileIds: manyIds }, { zip: true });
   * ```
   */
  async prepareData(selection: IdsSelection, options: { zip?: boolean; compress?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    const form = idList(selection);
    const preparedId = await this.#withSession(
      (sessionId) =>
        this.http.text({
          method: 'POST',
          path: 'ids/prepareData',
          form: { sessionId, ...form, zip: String(options.zip ?? false), compress: String(options.compress ?? false) },
          signal: options.signal,
          // safe to resend after a network error: a lost first call only leaves an unused
          // preparedId on the server (it expires), and restores of the same data are merged
          idempotent: true,
        }),
      options.signal,
    );
    const id = preparedId.trim();
    if (!/^[\w-]+$/.test(id)) throw new CatalogError('E_FORMAT', 'IDS prepareData did not return a preparedId');
    this.http.secrets.add(id);
    return id;
  }

  /**
   * Whether the prepared data is online (and starts its restore if not).
   *
   * @example
   * ```ts
   * if (await ids.isPrepared(preparedId)) await ids.download(preparedId, 'x.h5');
   * ```
   */
  async isPrepared(preparedId: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    this.#prepared(preparedId);
    const text = (await this.http.text({ path: 'ids/isPrepared', query: { preparedId }, signal: options.signal })).trim();
    if (text !== 'true' && text !== 'false') throw new CatalogError('E_FORMAT', `IDS isPrepared answered ${JSON.stringify(text.slice(0, 40))}`);
    return text === 'true';
  }

  /**
   * The storage state of a prepared id or of a selection (with the session).
   *
   * @example
   * ```ts
   * await ids.getStatus({ datasetIds: [42] }); // 'ARCHIVED'
   * ```
   */
  async getStatus(target: string | IdsSelection, options: { signal?: AbortSignal } = {}): Promise<IdsStatus> {
    const text =
      typeof target === 'string'
        ? (this.#prepared(target), await this.http.text({ path: 'ids/getStatus', query: { preparedId: target }, signal: options.signal }))
        : await this.#withSession((sessionId) => this.http.text({ path: 'ids/getStatus', query: { sessionId, ...idList(target) }, signal: options.signal }), options.signal);
    const status = text.trim();
    if (status !== 'ONLINE' && status !== 'RESTORING' && status !== 'ARCHIVED') throw new CatalogError('E_FORMAT', `IDS getStatus answered ${JSON.stringify(status.slice(0, 40))}`);
    return status;
  }

  /**
   * The total size in bytes of the prepared datafiles.
   *
   * @example
   * ```ts
   * const bytes = await ids.getSize(preparedId);
   * ```
   */
  async getSize(preparedId: string, options: { signal?: AbortSignal } = {}): Promise<number> {
    this.#prepared(preparedId);
    const size = Number((await this.http.text({ path: 'ids/getSize', query: { preparedId }, signal: options.signal })).trim());
    if (!Number.isInteger(size) || size < 0) throw new CatalogError('E_FORMAT', 'IDS getSize did not answer a size');
    return size;
  }

  /**
   * Polls `isPrepared` (with `getStatus` for the callback) until the data is online, waiting
   * `initialDelayMs`, then twice as long each time up to `maxDelayMs`.
   *
   * @example
   * ```ts
   * await ids.waitUntilPrepared(preparedId, { onStatus: (s) => console.log(s.poll, s.status) });
   * ```
   */
  async waitUntilPrepared(preparedId: string, options: IdsWaitOptions = {}): Promise<void> {
    this.#prepared(preparedId);
    let delay = options.initialDelayMs ?? 1000;
    const maxDelay = options.maxDelayMs ?? 60_000;
    for (const [name, v] of [['initialDelayMs', delay], ['maxDelayMs', maxDelay]] as const) {
      if (!Number.isFinite(v) || v < 0) throw new ArgumentError(`${name} must be a number >= 0, got ${v}`);
    }
    const started = Date.now();
    for (let poll = 1; ; poll++) {
      const prepared = await this.isPrepared(preparedId, options);
      const status = prepared ? 'ONLINE' : await this.getStatus(preparedId, options);
      options.onStatus?.({ prepared, status, poll, elapsedMs: Date.now() - started });
      if (prepared) return;
      if (options.timeoutMs !== undefined && Date.now() - started + delay > options.timeoutMs) {
        throw new CatalogError('E_IO', `IDS data not prepared after ${Date.now() - started} ms (status ${status})`, { retryable: true });
      }
      await sleep(delay, options.signal);
      delay = Math.min(maxDelay, delay * 2);
    }
  }

  /**
   * Downloads one prepared datafile to `destination` (Node): written to `<destination>.part`,
   * resumed with `Range: bytes=N-` on the same preparedId after a cut (up to `maxResumes`),
   * size and CRC-32 verified, then moved into place — never over an existing file unless
   * `overwrite` (else a {@link DestinationExistsError}, checked before and, atomically, after the
   * transfer, when the `.part` is kept). On any other failure — cut too often, mismatch, full disk,
   * abort, an exception of `onProgress` — no file is left at `destination` and a
   * {@link TransferError} (or the abort reason, or that exception as is) is thrown; after a cut,
   * an abort or a callback exception the `.part` file stays for `resume: true`, after a
   * mismatch or write error it is removed.
   *
   * @example
   * ```ts
   * const { bytes } = await ids.download(preparedId, '/data/scan.h5', { expectedChecksum: 'cbf43926', onProgress });
   * ```
   */
  async download(preparedId: string, destination: string, options: IdsDownloadOptions = {}): Promise<IdsDownloadResult> {
    this.#prepared(preparedId);
    if (typeof destination !== 'string' || destination === '') throw new ArgumentError(`destination must be a file path, got ${JSON.stringify(destination)}`);
    const maxResumes = options.maxResumes ?? 5;
    if (!Number.isInteger(maxResumes) || maxResumes < 0) throw new ArgumentError(`maxResumes must be an integer >= 0, got ${maxResumes}`);
    const sink = options.sink ?? (await nodeFileSink());
    const part = `${destination}.part`;
    const exists = (): DestinationExistsError =>
      new DestinationExistsError(destination, `${destination} exists: pass overwrite: true to replace it (nothing was downloaded)`);
    if (!options.overwrite && (await sink.size(destination)) !== undefined) throw exists();
    let offset = 0;
    let crc = 0;
    if (options.resume) {
      for await (const chunk of sink.read(part)) {
        crc = crc32Update(crc, chunk);
        offset += chunk.length;
      }
    } else {
      await sink.remove(part);
    }
    let resumes = 0;
    let total: number | undefined;
    const failWrite = async (err: unknown): Promise<never> => {
      await sink.remove(part).catch(() => undefined);
      const code = (err as { code?: unknown }).code;
      throw new TransferError(`writing ${part} failed${typeof code === 'string' ? ` (${code})` : ''}: ${(err as Error).message}; nothing was kept`, { cause: err });
    };
    for (;;) {
      const response = await this.#getData(preparedId, offset, destination, options.signal);
      if (offset > 0 && response.status !== 206) {
        offset = 0;
        crc = 0;
      } else if (offset > 0) {
        // ids.server answers a Range request with 206 and no Content-Range: the body continues at
        // the offset asked for. A Content-Range, when a proxy or another server sends one, must agree.
        const contentRange = response.headers.get('content-range');
        const start = contentRange === null ? String(offset) : /^bytes (\d+)-/.exec(contentRange)?.[1];
        if (Number(start) !== offset) {
          await response.body?.cancel();
          await sink.remove(part);
          throw new TransferError(`IDS resumed at byte ${start ?? '?'} instead of ${offset}; nothing was kept`);
        }
      }
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      const fullSize = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? Number.NaN);
      total = Number.isFinite(fullSize) ? fullSize : Number.isFinite(length) ? offset + length : total;
      let file: WritableFile;
      try {
        file = await sink.open(part, offset > 0 ? 'a' : 'w');
      } catch (err) {
        await response.body?.cancel();
        return failWrite(err);
      }
      let cut: unknown;
      // an exception of onProgress is the caller's, not a cut: it ends the download as it is
      let callbackFailure: { error: unknown } | undefined;
      try {
        const reader = response.body?.getReader();
        if (!reader) throw new CatalogError('E_FORMAT', 'IDS getData returned no body');
        for (;;) {
          const { done, value } = await this.#readWithIdle(reader, options.idleTimeoutMs ?? 60_000);
          if (done) break;
          try {
            await file.write(value);
          } catch (err) {
            await reader.cancel().catch(() => undefined);
            await file.close().catch(() => undefined);
            return await failWrite(err);
          }
          crc = crc32Update(crc, value);
          offset += value.length;
          try {
            options.onProgress?.({ bytes: offset, total, resumes });
          } catch (err) {
            callbackFailure = { error: err };
            await reader.cancel().catch(() => undefined);
            break;
          }
        }
      } catch (err) {
        if (err instanceof TransferError) throw err;
        if (options.signal?.aborted) {
          await file.close().catch(() => undefined);
          throw options.signal.reason;
        }
        cut = err;
      }
      try {
        await file.close();
      } catch (err) {
        return failWrite(err);
      }
      if (callbackFailure) throw callbackFailure.error;
      if (total === undefined ? cut === undefined : offset >= total) break;
      if (cut === undefined) cut = new Error(`body ended at byte ${offset} of ${total}`);
      resumes++;
      if (resumes > maxResumes) {
        throw new TransferError(this.http.redact(`download to ${destination} cut ${resumes} times (last at byte ${offset}); giving up, ${part} kept for resume`), { cause: cut, retryable: true });
      }
    }
    const expectedSize = options.expectedSize ?? total;
    if (expectedSize !== undefined && offset !== expectedSize) {
      await sink.remove(part);
      throw new TransferError(`downloaded ${offset} bytes but expected ${expectedSize}; nothing was kept`);
    }
    if (options.expectedChecksum !== undefined && !sameCrc32(options.expectedChecksum, crc)) {
      await sink.remove(part);
      throw new TransferError(`CRC-32 ${crc.toString(16)} of the download does not match the expected ${options.expectedChecksum}; nothing was kept`);
    }
    if (options.overwrite) await sink.rename(part, destination);
    else {
      try {
        await sink.renameNoReplace(part, destination);
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
        throw new DestinationExistsError(destination, `${destination} appeared during the download: the file is kept in ${part}; pass overwrite: true to replace it`, { cause: err });
      }
    }
    return { path: destination, bytes: offset, checksum: crc.toString(16), resumes };
  }

  /**
   * Downloads a prepared selection into memory and returns it as a Blob — the browser path
   * (no file system): the same resumes with `Range`, size and checksum checks as
   * {@link IdsClient.download}; `sink` and `resume` do not apply.
   *
   * @example
   * ```ts
   * const blob = await ids.getDataBlob(preparedId, { expectedChecksum: df.checksum });
   * link.href = URL.createObjectURL(blob);
   * ```
   */
  async getDataBlob(preparedId: string, options: Omit<IdsDownloadOptions, 'sink' | 'resume'> = {}): Promise<Blob> {
    const sink = memoryFileSink();
    const { path } = await this.download(preparedId, 'memory', { ...options, sink, resume: false });
    return sink.blob(path);
  }

  /**
   * Sends `getData` from `offset`. A resume (offset > 0) that fails without a response after the
   * transport's retries is a retryable {@link TransferError} (cause kept; the `.part` stays).
   */
  async #getData(preparedId: string, offset: number, destination: string, signal: AbortSignal | undefined): Promise<Response> {
    try {
      return await this.http.request({
        path: 'ids/getData',
        query: { preparedId },
        headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
        signal,
        retry: { statuses: [429] },
      });
    } catch (err) {
      if (offset === 0 || signal?.aborted || !(err instanceof CatalogError) || err.server !== undefined) throw err;
      throw new TransferError(this.http.redact(`resuming the download to ${destination} at byte ${offset} failed: ${err.message}; ${destination}.part kept for resume`), { cause: err, retryable: true });
    }
  }

  #readWithIdle(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number): Promise<ReadableStreamReadResult<Uint8Array>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void reader.cancel().catch(() => undefined);
        reject(new Error(`no data for ${idleMs} ms`));
      }, idleMs);
    });
    return Promise.race([reader.read(), idle]).finally(() => clearTimeout(timer));
  }

  /**
   * Uploads bytes as a new datafile of a dataset (`PUT /ids/put`, octet-stream) and returns
   * its id, checksum (CRC-32 hex), location and size. Not retried after a network error or a
   * 503 (the datafile may have been created): only a 429 is retried.
   *
   * @example
   * ```ts
   * const { id } = await ids.put(new TextEncoder().encode('hello'), { name: 'hello.txt', datasetId: 42 });
   * ```
   */
  async put(data: Uint8Array, target: { name: string; datasetId: number; datafileFormatId?: number; description?: string; signal?: AbortSignal }): Promise<IdsPutResult> {
    if (!(data instanceof Uint8Array)) throw new ArgumentError(`data must be a Uint8Array, got ${typeof data}`);
    if (typeof target.name !== 'string' || target.name === '') throw new ArgumentError(`name must be a non-empty string, got ${JSON.stringify(target.name)}`);
    if (!Number.isInteger(target.datasetId)) throw new ArgumentError(`datasetId must be an integer, got ${target.datasetId}`);
    const result = await this.#withSession(
      (sessionId) =>
        this.http.json<IdsPutResult>({
          method: 'PUT',
          path: 'ids/put',
          query: { sessionId, name: target.name, datasetId: target.datasetId, datafileFormatId: target.datafileFormatId, description: target.description },
          headers: { 'content-type': 'application/octet-stream' },
          body: data,
          signal: target.signal,
          // not idempotent: after a network error or a 503 the datafile may already exist, and a
          // second put would create a duplicate (or fail on its name); only 429 (refused before
          // any work) is retried
          idempotent: false,
          retry: { statuses: [429] },
        }),
      target.signal,
    );
    if (typeof result?.id !== 'number') throw new CatalogError('E_FORMAT', 'IDS put did not return an id');
    return result;
  }
}
