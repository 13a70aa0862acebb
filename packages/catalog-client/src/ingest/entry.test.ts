import { H5Dataset, openH5, type H5File } from '@pandaas/io-nexus';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IcatClient, type IcatEntity } from '../icat/client.js';
import { SciCatClient } from '../scicat/client.js';
import { startIcatServer, type IcatServer } from '../testing/icat-server.js';
import { startSciCatServer, type SciCatServer } from '../testing/scicat-server.js';
import { createIcatDataset } from './create-icat.js';
import { catalogueEntry, type NexusEntryMetadata, type NexusQuantity, type PanetTechnique } from './entry.js';

const data = (path: string): string => fileURLToPath(new URL(`../../../../examples/data/${path}`, import.meta.url));
const TOOTH = data('tooth/tooth_nxtomo.nxs');
const LAB6 = data('ssrl-lab6/lab6_tth_scan.nxs');
// A technique table made up for the test: which PaNET id a facility gives a definition is its choice.
const TABLE: Record<string, PanetTechnique> = { NXtomo: { pid: 'PaNET-test-tomo', name: 'test tomography' } };
const FALLBACK = new Date(Date.UTC(2026, 2, 1, 8));
const DAY_MS = 86_400_000;

async function text(file: H5File, path: string): Promise<string | undefined> {
  if (!(await file.has(path))) return undefined;
  return String(await (await file.dataset(path)).readValue());
}

async function quantity(file: H5File, path: string): Promise<NexusQuantity> {
  const node = await file.get(path);
  if (!(node instanceof H5Dataset)) throw new Error(`${path} is not a dataset`);
  const raw = await node.readValue();
  const value = Array.isArray(raw) || ArrayBuffer.isView(raw) ? Number((raw as ArrayLike<number>)[0]) : Number(raw);
  return { value, unit: String(await node.attr('units')) };
}

/** Reads the NXentry the way a caller of catalogueEntry would (the package takes no files). */
async function readEntry(path: string, parameters: Record<string, string>): Promise<NexusEntryMetadata> {
  const file = await openH5(path);
  try {
    const params: Record<string, NexusQuantity> = {};
    for (const [name, p] of Object.entries(parameters)) params[name] = await quantity(file, p);
    return {
      title: await text(file, '/entry/title'),
      definition: await text(file, '/entry/definition'),
      sampleName: await text(file, '/entry/sample/name'),
      instrumentName: await text(file, '/entry/instrument/name'),
      parameters: params,
    };
  } finally {
    await file.close();
  }
}

describe('catalogueEntry from real NeXus files', () => {
  let icat: IcatServer;
  let scicat: SciCatServer;
  beforeEach(async () => {
    icat = await startIcatServer({ users: { root: 'root-password' } });
    scicat = await startSciCatServer({ users: [{ username: 'ingestor', password: 'ingest-pw', groups: ['p1'] }] });
  });
  afterEach(async () => {
    await icat.close();
    await scicat.close();
  });

  it('maps the NXtomo tooth scan and creates it in ICAT, read back with its technique', async () => {
    const meta = await readEntry(TOOTH, {});
    const entry = catalogueEntry(meta, { name: 'tooth', techniques: TABLE, fallbackStart: FALLBACK });
    expect(meta.definition).toBe('NXtomo');
    expect(entry.icat.techniques).toEqual([TABLE.NXtomo]);
    expect(entry.icat.dataset.description).toBe(meta.title);
    expect(Date.parse(entry.releaseDate) - FALLBACK.getTime()).toBe(1095 * DAY_MS);

    const client = new IcatClient({ url: icat.url, proxy: false, retry: { maxAttempts: 1 } });
    await client.login('db', { username: 'root', password: 'root-password' });
    const [investigation] = await client.search<IcatEntity>("SELECT i FROM Investigation i WHERE i.name = 'INV-001'");
    const [facility] = await client.search<IcatEntity>('SELECT f FROM Facility f');
    if (!investigation || !facility) throw new Error('fixture missing');
    const id = await createIcatDataset(client, entry.icat, { investigationId: investigation.id, facilityId: facility.id });
    const back = await client.get<IcatEntity>('Dataset', id);
    expect(back.name).toBe('tooth');
    expect(back.description).toBe(meta.title);
    const links = await client.search<IcatEntity>(`SELECT dt FROM DatasetTechnique dt WHERE dt.dataset.id = ${id} INCLUDE dt.technique`);
    expect(links.map((l) => (l.technique as { pid: string }).pid)).toEqual(['PaNET-test-tomo']);
  });

  it('maps the LaB6 scan with its wavelength and creates it in ICAT and in SciCat', async () => {
    const meta = await readEntry(LAB6, { wavelength: '/entry/instrument/monochromator/wavelength' });
    expect(meta.parameters?.wavelength?.unit).toBe('angstrom');
    const entry = catalogueEntry(meta, { name: 'lab6-scan-2', techniques: TABLE, fallbackStart: FALLBACK, daysUntilRelease: 10 });
    expect(entry.icat.techniques).toEqual([]); // no definition in this file, so no technique
    expect(entry.releaseDate).toBe(new Date(FALLBACK.getTime() + 10 * DAY_MS).toISOString());

    const client = new IcatClient({ url: icat.url, proxy: false, retry: { maxAttempts: 1 } });
    await client.login('db', { username: 'root', password: 'root-password' });
    const [investigation] = await client.search<IcatEntity>("SELECT i FROM Investigation i WHERE i.name = 'INV-002'");
    const [facility] = await client.search<IcatEntity>('SELECT f FROM Facility f');
    if (!investigation || !facility) throw new Error('fixture missing');
    const id = await createIcatDataset(client, entry.icat, { investigationId: investigation.id, facilityId: facility.id });
    const params = await client.search<IcatEntity>(`SELECT p FROM DatasetParameter p WHERE p.dataset.id = ${id} INCLUDE p.type`);
    expect(params).toHaveLength(1);
    expect(params[0]?.numericValue).toBe(meta.parameters?.wavelength?.value);
    expect((params[0]?.type as { name: string; units: string }).units).toBe('angstrom');

    const sc = new SciCatClient({ url: scicat.url, proxy: false, retry: { maxAttempts: 1 } });
    await sc.login('ingestor', 'ingest-pw');
    const created = await sc.datasets.create({ ...entry.scicat, owner: 'ingestor', ownerGroup: 'p1', contactEmail: 'ingestor@example.org', sourceFolder: '/data/lab6' });
    const read = await sc.datasets.get(created.pid);
    expect(read.type).toBe('raw');
    expect(read.isPublished).toBe(false);
    expect(read.creationTime).toBe(FALLBACK.toISOString());
    expect(read.scientificMetadata?.wavelength).toEqual({ value: meta.parameters?.wavelength?.value, unit: 'angstrom' });
    expect(read.datasetlifecycle?.dateOfPublishing).toBe(entry.releaseDate);
  });

  it('refuses bad input with the argument named', () => {
    expect(() => catalogueEntry({ startTime: 'yesterday' }, { name: 'x' })).toThrow(/meta.startTime/);
    expect(() => catalogueEntry({}, { name: 'x' })).toThrow(/fallbackStart/);
    expect(() => catalogueEntry({ startTime: '2026-01-01T00:00:00Z' }, { name: 'x', daysUntilRelease: -1 })).toThrow(/daysUntilRelease/);
    expect(() => catalogueEntry({ startTime: '2026-01-01T00:00:00Z', parameters: { t: { value: Number.NaN } } }, { name: 'x' })).toThrow(/parameters.t.value/);
    expect(() => catalogueEntry({ startTime: '2026-01-01T00:00:00Z' }, { name: ' ' })).toThrow(/options.name/);
  });
});
