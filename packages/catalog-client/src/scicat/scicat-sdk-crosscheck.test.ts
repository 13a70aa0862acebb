// Cross-check of the SciCat contract server with the official client generated from the real
// backend's OpenAPI (@scicatproject/scicat-sdk-ts-fetch 5.3.2): the server must accept the SDK's
// requests and the SDK's parsers must accept the server's answers; then our client must give
// the same results as the SDK against the same server.
import {
  AuthApi,
  Configuration,
  DatasetsApi,
  DatasetsPublicV4Api,
  ResponseError,
  instanceOfCountApiResponse,
  instanceOfOutputDatasetDto,
  instanceOfOutputDatasetObsoleteDto,
  instanceOfReturnedAuthLoginDto,
  instanceOfReturnedUserDto,
} from '@scicatproject/scicat-sdk-ts-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSciCatServer } from '../testing/scicat-server.js';
import type { SciCatServer } from '../testing/scicat-server.js';
import { PREFIX, USERS, collections } from './__fixtures__/scicat-data.js';
import { SciCatClient } from './client.js';

const ALICE = USERS[0];
let server: SciCatServer;
let token: string;
let ours: SciCatClient;

beforeAll(async () => {
  server = await startSciCatServer({ users: USERS, collections: collections() });
  ours = new SciCatClient({ url: server.url });
  await ours.login(ALICE.username, ALICE.password);
});
afterAll(async () => {
  await server.close();
});

function sdk(): Configuration {
  return new Configuration({ basePath: server.url, accessToken: token });
}

function validDate(d: Date | undefined): boolean {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

describe('official SciCat SDK against the contract server', () => {
  it('logs in (AuthApi) and the login DTO parses', async () => {
    const login = await new AuthApi(new Configuration({ basePath: server.url })).authControllerLoginV3({
      CredentialsDto: { username: ALICE.username, password: ALICE.password },
    });
    expect(instanceOfReturnedAuthLoginDto(login)).toBe(true);
    expect(instanceOfReturnedUserDto(login.user)).toBe(true);
    expect(login.user.username).toBe('alice');
    token = login.access_token;
    expect(token.split('.')).toHaveLength(3);
  });

  it('wrong credentials are a 401 ResponseError for the SDK too', async () => {
    const err = await new AuthApi(new Configuration({ basePath: server.url }))
      .authControllerLoginV3({ CredentialsDto: { username: 'alice', password: 'nope' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect((err as ResponseError).response.status).toBe(401);
  });

  it('lists datasets with a filter: same as our client', async () => {
    const filter = { where: { type: 'raw' }, limits: { order: 'pid:asc' } };
    const list = await new DatasetsApi(sdk()).datasetsControllerFindAllV3({ filter: JSON.stringify(filter) });
    expect(list.length).toBe(4);
    for (const d of list) {
      expect(instanceOfOutputDatasetObsoleteDto(d)).toBe(true);
      expect(validDate(d.creationTime) && validDate(d.createdAt) && validDate(d.updatedAt)).toBe(true);
    }
    const mine = await ours.datasets.find({ where: { type: 'raw' }, limits: { order: 'pid:asc' } });
    expect(mine.map((d) => d.pid)).toEqual(list.map((d) => d.pid));
    expect(mine.map((d) => d.creationTime)).toEqual(list.map((d) => d.creationTime.toISOString()));
  });

  it('counts: same as our client', async () => {
    const api = new DatasetsApi(sdk());
    const all = await api.datasetsControllerCountV3();
    const published = await api.datasetsControllerCountV3({ filter: JSON.stringify({ where: { isPublished: true } }) });
    expect(instanceOfCountApiResponse(all)).toBe(true);
    expect([all.count, published.count]).toEqual([6, 3]);
    expect([await ours.datasets.count(), await ours.datasets.count({ isPublished: true })]).toEqual([all.count, published.count]);
  });

  it('gets a dataset by a pid with "/": same as our client', async () => {
    const pid = `${PREFIX}ds-004`;
    const d = await new DatasetsApi(sdk()).datasetsControllerFindByIdV3({ pid });
    expect(instanceOfOutputDatasetObsoleteDto(d)).toBe(true);
    expect(d.pid).toBe(pid);
    const mine = await ours.datasets.get(pid);
    expect({ pid: mine.pid, name: mine.datasetName, size: mine.size }).toEqual({ pid: d.pid, name: d.datasetName, size: d.size });
    const missing = await new DatasetsApi(sdk()).datasetsControllerFindByIdV3({ pid: `${PREFIX}nope` }).catch((e: unknown) => e);
    expect((missing as ResponseError).response.status).toBe(404);
  });

  it('creates a dataset: the SDK\'s body is accepted, our client reads it back', async () => {
    const created = await new DatasetsApi(sdk()).datasetsControllerCreateV3({
      DatasetsControllerCreateV3Request: {
        type: 'raw',
        ownerGroup: 'p100',
        owner: 'alice',
        contactEmail: 'alice@example.org',
        sourceFolder: '/data/sdk',
        creationTime: new Date('2024-02-01T12:00:00Z'),
        datasetName: 'made by the SDK',
        principalInvestigator: 'alice',
        creationLocation: 'PSI/SINQ/FOCUS',
        investigator: 'alice',
        inputDatasets: [],
        usedSoftware: [],
      },
    });
    expect(instanceOfOutputDatasetObsoleteDto(created)).toBe(true);
    expect(created.creationTime.toISOString()).toBe('2024-02-01T12:00:00.000Z');
    const mine = await ours.datasets.get(created.pid);
    expect(mine.datasetName).toBe('made by the SDK');
    expect(mine.createdBy).toBe('alice');
  });

  it('reads v4 public datasets anonymously: same as our client', async () => {
    const api = new DatasetsPublicV4Api(new Configuration({ basePath: server.url }));
    const list = await api.datasetsPublicV4ControllerFindAllPublicV4({ filter: JSON.stringify({ limits: { sort: { creationTime: 'desc' } } }) });
    for (const d of list) expect(instanceOfOutputDatasetDto(d)).toBe(true);
    const anonymous = new SciCatClient({ url: server.url });
    const mine = await anonymous.publicDatasets.find({ limits: { order: 'creationTime:desc' } });
    expect(mine.map((d) => d.pid)).toEqual(list.map((d) => d.pid));
    expect(list.map((d) => d.pid)).toEqual([`${PREFIX}ds-007`, `${PREFIX}ds-005`, `${PREFIX}ds-001`]);
    const one = await api.datasetsPublicV4ControllerFindByIdPublicV4({ pid: `${PREFIX}ds-005` });
    expect(one.datasetName).toBe('Bone fracture tomography');
  });
});
