import { ArgumentError } from '@pandaas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../errors.js';
import { startIcatPlusServer } from '../testing/icatplus-server.js';
import type { IcatPlusFakeDataset, IcatPlusServer } from '../testing/icatplus-server.js';
import { IcatPlusClient } from './client.js';

// hand-written: three ID16A datasets in 2023 (one without techniques), one BM05 in 2022
const DATASETS: IcatPlusFakeDataset[] = [
  { id: 101, name: 'tomo_a', startDate: '2023-02-01T08:00:00Z', instrumentName: 'ID16A', techniques: [{ pid: 'PaNET01114' }], doi: '10.15151/ESRF-ES-1001' },
  { id: 102, name: 'tomo_b', startDate: '2023-03-15T08:00:00Z', instrumentName: 'ID16A', techniques: [{ pid: 'PaNET01114' }], doi: '10.15151/ESRF-ES-1001' },
  { id: 103, name: 'fluo_c', startDate: '2023-06-30T08:00:00Z', instrumentName: 'ID16A', techniques: [] },
  { id: 201, name: 'xas_d', startDate: '2022-11-11T08:00:00Z', instrumentName: 'BM05', techniques: [{ pid: 'PaNET01196' }], doi: '10.15151/ESRF-DC-7/2' },
];
const SESSION = 'anon-ids-session-7f3a';

let fake: IcatPlusServer;
let client: IcatPlusClient;

beforeAll(async () => {
  fake = await startIcatPlusServer({ datasets: DATASETS, anonymousSessionId: SESSION });
  client = new IcatPlusClient({ url: fake.url, retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await fake.close();
});

const names = (docs: { name: string }[]) => docs.map((d) => d.name);

describe('IcatPlusClient search', () => {
  it('searches datasets anonymously with the documented parameters', async () => {
    expect(names(await client.searchDatasets({ instrumentName: 'id16a', sortBy: 'startDate', sortOrder: 'desc' }))).toEqual(['fluo_c', 'tomo_b', 'tomo_a']);
    expect(names(await client.searchDatasets({ startDate: new Date('2023-03-01T00:00:00Z'), endDate: '2023-12-31', sortBy: 'name' }))).toEqual(['fluo_c', 'tomo_b']);
    // the empty techniques of fluo_c never match a technique filter (FAIRmat notes)
    expect(names(await client.searchDatasets({ techniquePids: ['PaNET01114', 'PaNET01196'], sortBy: 'name', limit: 2 }))).toEqual(['tomo_a', 'tomo_b']);
    expect(fake.requests.at(-1)).toBe('GET /catalogue/datasets?techniquePids=PaNET01114%2CPaNET01196&limit=2&sortBy=name');
  });

  it('a parameter the server rejects is a QueryError with its message', async () => {
    const err = await client.searchDatasets({ startDate: '2023-05-01', endDate: '2023-04-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).server).toMatchObject({ status: 400, message: 'endDate 2023-04-01 is before startDate 2023-05-01' });
  });

  it('finds the datasets of a DOI, in every common spelling', async () => {
    for (const doi of ['10.15151/ESRF-ES-1001', 'doi:10.15151/esrf-es-1001', 'https://doi.org/10.15151/ESRF-ES-1001']) {
      expect(names(await client.datasetsByDoi(doi))).toEqual(['tomo_a', 'tomo_b']);
    }
    // a suffix with '/' stays one path segment
    expect(names(await client.datasetsByDoi('10.15151/ESRF-DC-7/2'))).toEqual(['xas_d']);
    expect(fake.requests.at(-1)).toBe('GET /doi/10.15151/ESRF-DC-7%2F2/datasets');
    expect(await client.datasetsByDoi('10.15151/UNKNOWN')).toEqual([]);
  });

  it('validates arguments before sending', async () => {
    const before = fake.requests.length;
    expect(() => client.searchDatasets({ limit: 0 })).toThrow(ArgumentError);
    expect(() => client.searchDatasets({ startDate: 'yesterday' })).toThrow(/startDate/);
    expect(() => client.searchDatasets({ techniquePids: ['a,b'] })).toThrow(/techniquePids/);
    expect(() => client.searchDatasets({ sortOrder: 'up' as never })).toThrow(/sortOrder/);
    expect(() => client.datasetsByDoi('ESRF-ES-1001')).toThrow(/doi/);
    expect(() => client.downloadUrl({})).toThrow(/datasetIds or datafileIds/);
    expect(() => client.downloadUrl({ datasetIds: [1.5] })).toThrow(/datasetIds/);
    expect(fake.requests.length).toBe(before);
  });
});

describe('IcatPlusClient download redirect', () => {
  it('exposes the ICAT+ URL and the IDS getData URL it redirects to', async () => {
    expect(client.downloadUrl({ datasetIds: [101, 102] })).toBe(`${fake.url}/ids/data/download?datasetIds=101%2C102`);
    const ids = await client.resolveDownload({ datasetIds: [101, 102] });
    expect(ids).toBe(`${fake.url}/ids/getData?sessionId=${SESSION}&datasetIds=101,102`);
    // read from the Location header: the redirect is not followed
    expect(fake.requests.at(-1)).toBe('HEAD /ids/data/download?datasetIds=101%2C102');
  });

  it('follows the redirect and streams the data', async () => {
    const res = await client.download({ datafileIds: [7, 8] });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(fake.payload('7,8'));
  });

  it('the IDS session id of the redirect never appears in logs', async () => {
    const lines: string[] = [];
    const logged = new IcatPlusClient({ url: fake.url, logger: (e) => lines.push(JSON.stringify(e)) });
    await logged.resolveDownload({ datasetIds: [101] });
    await logged.download({ datasetIds: [101] }).then((r) => r.arrayBuffer());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(SESSION);
  });
});
