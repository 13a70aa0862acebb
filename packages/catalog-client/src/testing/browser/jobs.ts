// What the browser test asks the page to do (SciCat, ICAT, IDS, the ICAT+ download redirect) and what the page answers (plain JSON both ways;
// tests only). The same jobs run in Node through runJob, so the two paths can be compared.
import { IcatClient, IcatPlusClient, icatQuery, IdsClient, SciCatClient, crc32Hex, crc32Update } from '../../index.js';

/** One catalogue session to run in the page: SciCat, ICAT (search + paging) and IDS. */
export interface CatalogJob {
  readonly scicat: { url: string; username: string; password: string; where: Record<string, unknown> };
  readonly icat: { url: string; username: string; password: string; pageSize: number };
  readonly ids: { url: string; datafileIds: number[] };
  readonly icatplus: { url: string; datasetIds: number[] };
}

/** What the job found: ids and counts, and a digest of the downloaded bytes. */
export interface CatalogAnswer {
  readonly scicat: { userId: string; pids: string[]; count: number; total: number };
  readonly icat: { searched: number[]; paged: number[] };
  readonly ids: { bytes: number; crc32: string; sha256: string; isBlob: boolean };
  readonly icatplus: { resolved: string };
}

/** SHA-256 hex with WebCrypto (in browsers and Node alike). */
async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs `job` with the package's clients and plain `fetch` (no proxy). */
export async function runJob(job: CatalogJob): Promise<CatalogAnswer> {
  const scicat = new SciCatClient({ url: job.scicat.url, proxy: false, retry: { maxAttempts: 1 } });
  const login = await scicat.login(job.scicat.username, job.scicat.password);
  const found = await scicat.datasets.find({ where: job.scicat.where, limits: { order: 'pid:asc' } });
  const count = await scicat.datasets.count(job.scicat.where);
  const total = await scicat.datasets.count();

  const icat = new IcatClient({ url: job.icat.url, proxy: false, retry: { maxAttempts: 1 } });
  await icat.login('db', { username: job.icat.username, password: job.icat.password });
  const searched = (await icat.search<{ id: number }>('SELECT o FROM Dataset o ORDER BY o.id')).map((d) => d.id);
  const paged: number[] = [];
  for await (const ds of icat.iterate<{ id: number }>(icatQuery('Dataset'), { pageSize: job.icat.pageSize })) paged.push(ds.id);

  const ids = new IdsClient({ url: job.ids.url, session: icat, proxy: false, retry: { maxAttempts: 2, baseDelayMs: 5 } });
  const preparedId = await ids.prepareData({ datafileIds: job.ids.datafileIds });
  await ids.waitUntilPrepared(preparedId, { initialDelayMs: 1 });
  const blob = await ids.getDataBlob(preparedId);
  const buffer = await blob.arrayBuffer();
  await icat.logout();

  const icatplus = new IcatPlusClient({ url: job.icatplus.url, proxy: false, retry: { maxAttempts: 1 } });
  const resolved = await icatplus.resolveDownload({ datasetIds: job.icatplus.datasetIds });
  return {
    scicat: { userId: login.userId, pids: found.map((d) => d.pid), count, total },
    icat: { searched, paged },
    ids: { bytes: blob.size, crc32: crc32Hex(crc32Update(0, new Uint8Array(buffer))), sha256: await sha256Hex(buffer), isBlob: blob instanceof Blob },
    icatplus: { resolved },
  };
}
