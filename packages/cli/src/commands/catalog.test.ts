import { catalogueEntry, IcatClient, type IcatEntity } from '@pandaas/catalog-client';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIcatServer, type IcatServer } from '../../../catalog-client/src/testing/icat-server.js';
import { startIdsServer, type IdsFile, type IdsServer } from '../../../catalog-client/src/testing/ids-server.js';
import { startSciCatServer, type SciCatServer } from '../../../catalog-client/src/testing/scicat-server.js';
import { makeTemporaryFolder, removeFolder } from '../testing/folders.js';
import { readDataset } from '../testing/read-dataset.js';
import { runCli } from '../testing/run-cli.js';
import { readNexusEntry } from './catalog/nexus-metadata.js';
import { resumeStatePath } from './catalog/download.js';
import { sessionPath } from './catalog/session-store.js';

const PASSWORD = 'icat-secret-7f3a';
const SCICAT_PASSWORD = 'scicat-secret-91bd';
const LAB6 = 'examples/data/ssrl-lab6/lab6_tth_scan.nxs';
const TOOTH = 'examples/data/tooth/tooth_nxtomo.nxs';
const ROOT = join(import.meta.dirname, '../../../..');
const SIZE = 200_000;

/** The entries of a zip archive, read through its central directory (stored entries only). */
function readZip(zip: Buffer): Map<string, { crc: number; content: Buffer }> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const entries = new Map<string, { crc: number; content: Buffer }>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    expect(zip.readUInt16LE(at + 10)).toBe(0); // stored
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.set(name, { crc: zip.readUInt32LE(at + 16), content: zip.subarray(start, start + zip.readUInt32LE(at + 24)) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Bytes that differ at every offset (a resume at the wrong byte shows). */
function content(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe('pandaas catalog', () => {
  let folder: string;
  let icat: IcatServer;
  let ids: IdsServer;
  const saved = { config: process.env.XDG_CONFIG_HOME, password: process.env.PANDAAS_CATALOG_PASSWORD };
  const file: IdsFile = { id: 501, datasetId: 1, investigationId: 1, name: 'scan.h5', content: content(SIZE) };
  const notes: IdsFile = { id: 502, datasetId: 1, investigationId: 1, name: 'notes.txt', content: Buffer.from('second datafile\n') };

  beforeEach(async () => {
    folder = makeTemporaryFolder('pandaas-catalog-');
    process.env.XDG_CONFIG_HOME = join(folder, 'config');
    process.env.PANDAAS_CATALOG_PASSWORD = PASSWORD;
    icat = await startIcatServer({ users: { root: PASSWORD } });
    ids = await startIdsServer({ files: [file, notes], archived: false, isSessionValid: (sid) => icat.liveSessions().includes(sid) });
  });
  afterEach(async () => {
    await ids.close();
    await icat.close();
    removeFolder(folder);
    for (const [key, value] of [['XDG_CONFIG_HOME', saved.config], ['PANDAAS_CATALOG_PASSWORD', saved.password]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const login = () => runCli(['catalog', 'login', '--url', icat.url, '--plugin', 'db', '--username', 'root'], { cwd: folder });

  it('logs in, searches, and downloads through two cuts and --resume to a byte-identical file', async () => {
    const logged = await login();
    expect(logged.status, logged.stderr).toBe(0);
    expect(statSync(sessionPath()).mode & 0o777).toBe(0o600);
    const sid = icat.liveSessions()[0] as string;
    for (const text of [logged.stdout, logged.stderr]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(sid);
    }

    const query = "SELECT d FROM Dataset d WHERE d.investigation.name = 'INV-001'";
    const found = await runCli(['catalog', 'search', '--query', query, '--json'], { cwd: folder });
    expect(found.status, found.stderr).toBe(0);
    const direct = new IcatClient({ url: icat.url, proxy: false });
    await direct.login('db', { username: 'root', password: PASSWORD });
    const expected = await direct.search<IcatEntity>(query);
    expect((JSON.parse(found.stdout) as { name: string }[]).map((d) => d.name)).toEqual(expected.map((d) => d.name));
    const table = await runCli(['catalog', 'search', '--query', query], { cwd: folder });
    expect(table.stdout.trim().split('\n')).toHaveLength(expected.length + 1);

    ids.idsFaults.cutAt = [60_000, 130_000];
    const args = ['catalog', 'download', '--ids', ids.url, '--datafile-ids', '501', '-o', 'scan.h5'];
    const first = await runCli([...args, '--retries', '1'], { cwd: folder });
    expect(first.status, first.stderr).toBe(6);
    expect(first.stderr).toMatch(/--resume/);
    expect(existsSync(join(folder, 'scan.h5'))).toBe(false);
    expect(statSync(join(folder, 'scan.h5.part')).size).toBe(130_000);
    // the resume state (with the preparedId) is private, in the config folder, not next to the output
    const state = resumeStatePath(join(folder, 'scan.h5'));
    expect(state.startsWith(join(folder, 'config', 'pandaas', 'downloads'))).toBe(true);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    const preparedId = (JSON.parse(readFileSync(state, 'utf8')) as { preparedId: string }).preparedId;
    expect(ids.log.some((r) => r.query.get('preparedId') === preparedId)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['config', 'scan.h5.part']);
    const second = await runCli([...args, '--resume'], { cwd: folder });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/\d+\/200000 bytes/);
    expect(second.stderr).toMatch(/bytes\/s/);
    const firstLine = /(\d+)\/200000 bytes/.exec(second.stderr);
    expect(Number(firstLine?.[1])).toBeGreaterThan(130_000); // continued from the .part, not restarted
    expect(Buffer.compare(readFileSync(join(folder, 'scan.h5')), file.content)).toBe(0);
    expect(existsSync(join(folder, 'scan.h5.part'))).toBe(false);
    expect(existsSync(state)).toBe(false);
  });

  it('downloads several datafiles as the zip IDS sends, not held to the sum of their sizes', async () => {
    expect((await login()).status).toBe(0);
    ids.idsFaults.cutAt = [120_000];
    const run = await runCli(['catalog', 'download', '--ids', ids.url, '--datafile-ids', '501,502', '-o', 'both.zip'], { cwd: folder });
    expect(run.status, run.stderr).toBe(0);
    const zip = readFileSync(join(folder, 'both.zip'));
    expect(zip.length).toBeGreaterThan(SIZE + notes.content.length);
    const entries = readZip(zip);
    expect([...entries.keys()].sort()).toEqual(['1/notes.txt', '1/scan.h5']);
    for (const f of [file, notes]) {
      const entry = entries.get(`1/${f.name}`);
      expect(Buffer.compare(entry?.content ?? Buffer.alloc(0), f.content), f.name).toBe(0);
      expect(entry?.crc, f.name).toBe(crc32(f.content));
    }
    expect(ids.log.filter((r) => r.path === '/ids/getData').map((r) => r.headers.range)).toEqual([undefined, 'bytes=120000-']);
    expect(readdirSync(folder).sort()).toEqual(['both.zip', 'config']);
  });

  it('searches page by page through IcatClient, and asks for a new login once the stored session expired', async () => {
    expect((await login()).status).toBe(0);
    const query = 'SELECT d FROM Dataset d';
    const found = await runCli(['catalog', 'search', '--query', query, '--json'], { cwd: folder });
    expect(found.status, found.stderr).toBe(0);
    const searches = icat.log.filter((r) => r.path === '/icat/entityManager' && r.method === 'GET').map((r) => r.query.get('query') ?? '');
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((q) => /ORDER BY d\.id LIMIT \d+, \d+$/.test(q))).toBe(true);
    const direct = new IcatClient({ url: icat.url, proxy: false });
    await direct.login('db', { username: 'root', password: PASSWORD });
    expect((JSON.parse(found.stdout) as { id: number }[]).map((d) => d.id)).toEqual((await direct.search<IcatEntity>(`${query} ORDER BY d.id`)).map((d) => d.id));
    icat.expireSessions();
    const expired = await runCli(['catalog', 'search', '--query', query], { cwd: folder });
    expect(expired.status).toBe(3);
    expect(expired.stderr).toMatch(/expired: run pandaas catalog login again/);
  });

  it('refuses wrong credentials with exit 5, keeps no session and prints no secret', async () => {
    process.env.PANDAAS_CATALOG_PASSWORD = 'wrong-password-3c9e';
    const run = await login();
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/root|credentials|password/i);
    expect(`${run.stdout}${run.stderr}`).not.toContain('wrong-password-3c9e');
    expect(existsSync(sessionPath())).toBe(false);
    const search = await runCli(['catalog', 'search', '--query', 'SELECT d FROM Dataset d'], { cwd: folder });
    expect(search.status).toBe(3);
    expect(search.stderr).toMatch(/catalog login/);
  });

  it('leaves no output, no .part and no resume state when interrupted during a download', async () => {
    expect((await login()).status).toBe(0);
    ids.idsFaults.chunkBytes = 4096;
    ids.idsFaults.chunkDelayMs = 20;
    const run = await runCli(['catalog', 'download', '--ids', ids.url, '--datafile-ids', '501', '-o', 'scan.h5'], {
      cwd: folder,
      interruptOn: (text) => /\d+\/200000 bytes/.test(text),
    });
    expect(run.status, run.stderr).toBe(130);
    expect(run.stderr).not.toMatch(/200000\/200000/);
    for (const name of ['scan.h5', 'scan.h5.part']) expect(existsSync(join(folder, name)), name).toBe(false);
    expect(existsSync(resumeStatePath(join(folder, 'scan.h5')))).toBe(false);
  });

  it('prints the catalogue entry of a NeXus file as the library makes it (dry run)', async () => {
    const run = await runCli(['catalog', 'ingest', LAB6, '--days-until-release', '30', '--json'], { cwd: ROOT });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as ReturnType<typeof catalogueEntry>;
    const meta = await readNexusEntry(join(ROOT, LAB6));
    const expected = catalogueEntry(meta, { name: 'lab6_tth_scan', fallbackStart: statSync(join(ROOT, LAB6)).mtime, daysUntilRelease: 30 });
    expect(printed).toEqual(JSON.parse(JSON.stringify(expected)));
    const [wavelength] = await readDataset(join(ROOT, LAB6), '/entry/instrument/monochromator/wavelength');
    expect(printed.scicat.scientificMetadata?.['instrument/monochromator/wavelength']).toEqual({ value: wavelength, unit: 'angstrom' });
    expect(printed.scicat.isPublished).toBe(false);
    expect(Date.parse(printed.releaseDate) - Date.parse(printed.scicat.creationTime as string)).toBe(30 * 86_400_000);

    const tomo = await runCli(['catalog', 'ingest', TOOTH, '--technique', 'PaNET-test:test tomography'], { cwd: ROOT });
    expect(tomo.status, tomo.stderr).toBe(0);
    const entry = JSON.parse(tomo.stdout) as ReturnType<typeof catalogueEntry>;
    expect(entry.scicat.techniques).toEqual([{ pid: 'PaNET-test', name: 'test tomography' }]);
    expect(entry.scicat.scientificMetadata?.definition).toBe('NXtomo');
    expect(entry.scicat.scientificMetadata?.sample_name).toBe('tooth');
  });
});

describe('pandaas catalog ingest --commit to ICAT', () => {
  let icat: IcatServer;
  const saved = { config: process.env.XDG_CONFIG_HOME, password: process.env.PANDAAS_CATALOG_PASSWORD };
  let folder: string;
  beforeEach(async () => {
    folder = makeTemporaryFolder('pandaas-catalog-');
    process.env.XDG_CONFIG_HOME = join(folder, 'config');
    process.env.PANDAAS_CATALOG_PASSWORD = PASSWORD;
    icat = await startIcatServer({ users: { root: PASSWORD } });
  });
  afterEach(async () => {
    await icat.close();
    removeFolder(folder);
    for (const [key, value] of [['XDG_CONFIG_HOME', saved.config], ['PANDAAS_CATALOG_PASSWORD', saved.password]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('creates the dataset with its technique and parameters, read back from ICAT', async () => {
    expect((await runCli(['catalog', 'login', '--url', icat.url, '--username', 'root'], { cwd: ROOT })).status).toBe(0);
    const direct = new IcatClient({ url: icat.url, proxy: false });
    await direct.login('db', { username: 'root', password: PASSWORD });
    const [investigation] = await direct.search<IcatEntity>("SELECT i FROM Investigation i WHERE i.name = 'INV-003'");
    const [facility] = await direct.search<IcatEntity>('SELECT f FROM Facility f');
    const ids = ['--investigation-id', String(investigation?.id), '--facility-id', String(facility?.id)];
    const tomo = await runCli(['catalog', 'ingest', TOOTH, '--technique', 'PaNET-test:test tomography', '--commit', ...ids, '--json'], { cwd: ROOT });
    expect(tomo.status, tomo.stderr).toBe(0);
    const { id } = JSON.parse(tomo.stdout) as { id: number };
    const dataset = await direct.get<IcatEntity>('Dataset', id);
    expect(dataset.name).toBe('tooth_nxtomo');
    const links = await direct.search<IcatEntity>(`SELECT dt FROM DatasetTechnique dt WHERE dt.dataset.id = ${id} INCLUDE dt.technique`);
    expect(links.map((l) => (l.technique as { pid: string }).pid)).toEqual(['PaNET-test']);

    const lab6 = await runCli(['catalog', 'ingest', LAB6, '--commit', ...ids, '--json'], { cwd: ROOT });
    expect(lab6.status, lab6.stderr).toBe(0);
    const lab6Id = (JSON.parse(lab6.stdout) as { id: number }).id;
    const params = await direct.search<IcatEntity>(`SELECT p FROM DatasetParameter p WHERE p.dataset.id = ${lab6Id} INCLUDE p.type`);
    const meta = await readNexusEntry(join(ROOT, LAB6));
    const expected = Object.entries(meta.parameters ?? {}).map(([name, q]) => [name, q.unit, q.value]).sort();
    expect(params.map((p) => [(p.type as { name: string }).name, (p.type as { units: string }).units, p.numericValue]).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('pandaas catalog with SciCat', () => {
  let folder: string;
  let scicat: SciCatServer;
  const saved = { config: process.env.XDG_CONFIG_HOME, password: process.env.PANDAAS_CATALOG_PASSWORD };
  beforeEach(async () => {
    folder = makeTemporaryFolder('pandaas-catalog-');
    process.env.XDG_CONFIG_HOME = join(folder, 'config');
    process.env.PANDAAS_CATALOG_PASSWORD = SCICAT_PASSWORD;
    scicat = await startSciCatServer({ users: [{ username: 'ingestor', password: SCICAT_PASSWORD, groups: ['p1'] }] });
  });
  afterEach(async () => {
    await scicat.close();
    removeFolder(folder);
    for (const [key, value] of [['XDG_CONFIG_HOME', saved.config], ['PANDAAS_CATALOG_PASSWORD', saved.password]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('logs in, commits a NeXus file as a dataset and finds it with a filter', async () => {
    const logged = await runCli(['catalog', 'login', '--scicat', scicat.url, '--username', 'ingestor'], { cwd: ROOT });
    expect(logged.status, logged.stderr).toBe(0);
    expect(`${logged.stdout}${logged.stderr}`).not.toContain(SCICAT_PASSWORD);
    const commit = await runCli(
      ['catalog', 'ingest', LAB6, '--commit', '--owner-group', 'p1', '--contact-email', 'i@example.org', '--source-folder', '/data/lab6', '--json'],
      { cwd: ROOT },
    );
    expect(commit.status, commit.stderr).toBe(0);
    const { id: pid, catalogue } = JSON.parse(commit.stdout) as { id: string; catalogue: string };
    expect(catalogue).toBe('SciCat');
    const found = await runCli(['catalog', 'search', '--filter', JSON.stringify({ where: { datasetName: 'lab6_tth_scan' } }), '--json'], { cwd: ROOT });
    expect(found.status, found.stderr).toBe(0);
    const rows = JSON.parse(found.stdout) as { pid: string; isPublished: boolean; type: string }[];
    expect(rows.map((r) => r.pid)).toEqual([pid]);
    expect(rows[0]?.isPublished).toBe(false);
    expect(rows[0]?.type).toBe('raw');
  });
});
