/**
 * Hand-written SciCat documents for the contract-server tests. Users: alice (group p100),
 * bob (p300), root (admin). Datasets visible to alice: ds-001..005 and ds-007 (ds-004 through
 * accessGroups, ds-005 because it is published); ds-006 belongs to p300 only. Published:
 * ds-001, ds-005, ds-007.
 *
 * @example
 * ```ts
 * const server = await startSciCatServer({ users: USERS, collections: collections() });
 * ```
 * @module
 */
import type { SciCatCollections, SciCatServerUser } from '../../testing/scicat-server.js';

/** The users of the tests. */
export const USERS: SciCatServerUser[] = [
  { username: 'alice', password: 'alice-pw-Secr3t', email: 'alice@example.org', groups: ['p100'] },
  { username: 'bob', password: 'bob-pw-Secr3t', email: 'bob@example.org', groups: ['p300'] },
  { username: 'root', password: 'root-pw-Secr3t', email: 'root@example.org', groups: ['admin'] },
];

/** The DOI-style pid prefix: every pid contains a '/'. */
export const PREFIX = '20.500.12269/';

function dataset(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    pid: PREFIX + id,
    owner: 'owner',
    contactEmail: 'owner@example.org',
    sourceFolder: `/data/${id}`,
    createdBy: 'ingestor',
    updatedBy: 'ingestor',
    createdAt: '2023-06-01T00:00:00.000Z',
    updatedAt: '2023-06-01T00:00:00.000Z',
    version: 'v3',
    ...fields,
  };
}

/** A fresh copy of every collection. */
export function collections(): Partial<SciCatCollections> {
  return {
    datasets: [
      dataset('ds-001', {
        type: 'raw', ownerGroup: 'p100', isPublished: true, datasetName: 'Lysozyme powder scan', size: 100,
        creationTime: '2021-03-01T10:00:00.000Z', keywords: ['protein'], description: 'Powder diffraction at room temperature',
        techniques: [{ pid: 'PaNET01188', name: 'powder diffraction' }],
        scientificMetadata: { temperature: { value: 20, unit: 'celsius', valueSI: 293.15, unitSI: 'K' } },
      }),
      dataset('ds-002', {
        type: 'raw', ownerGroup: 'p100', isPublished: false, datasetName: 'LYSOZYME crystal', size: 250,
        creationTime: '2021-04-10T10:00:00.000Z',
        scientificMetadata: { temperature: { value: 100, unit: 'K', valueSI: 100, unitSI: 'K' } },
      }),
      dataset('ds-003', {
        type: 'derived', ownerGroup: 'p100', isPublished: false, datasetName: 'Run 20210901 reduced', size: 30,
        creationTime: '2021-09-01T10:00:00.000Z',
      }),
      dataset('ds-004', {
        type: 'raw', ownerGroup: 'p200', accessGroups: ['p100'], isPublished: false, datasetName: 'Tomography of bone', size: 5000,
        creationTime: '2022-01-15T10:00:00.000Z',
        scientificMetadata: { temperature: { value: 300, unit: 'K', valueSI: 300, unitSI: 'K' } },
      }),
      dataset('ds-005', {
        type: 'raw', ownerGroup: 'p200', isPublished: true, datasetName: 'Bone fracture tomography', size: 7000,
        creationTime: '2022-02-20T10:00:00.000Z',
      }),
      dataset('ds-006', {
        type: 'raw', ownerGroup: 'p300', isPublished: false, datasetName: 'Secret sample', size: 10,
        creationTime: '2022-03-01T10:00:00.000Z',
      }),
      dataset('ds-007', {
        type: 'derived', ownerGroup: 'p100', isPublished: true, datasetName: 'Lysozyme model', size: 1,
        creationTime: '2023-05-05T10:00:00.000Z',
      }),
    ],
    origdatablocks: [
      { _id: 'odb-1', datasetId: `${PREFIX}ds-001`, ownerGroup: 'p100', size: 300, dataFileList: [{ path: 'scan_0001.h5', size: 100 }, { path: 'scan_0002.h5', size: 200 }] },
      { _id: 'odb-2', datasetId: `${PREFIX}ds-002`, ownerGroup: 'p100', size: 250, dataFileList: [{ path: 'crystal.h5', size: 250 }] },
    ],
    proposals: [
      { proposalId: '20170266', title: 'Protein powders', ownerGroup: 'p100', pi_email: 'pi@example.org' },
      { proposalId: '20180001', title: 'Bone imaging', ownerGroup: 'p200' },
    ],
    samples: [
      { sampleId: 'sample-1', description: 'lysozyme powder', ownerGroup: 'p100' },
      { sampleId: 'sample-2', description: 'bone', ownerGroup: 'p300' },
    ],
    instruments: [
      { pid: 'PSI/SINQ/FOCUS', uniqueName: 'focus', name: 'FOCUS' },
      { pid: 'ESS/BEER', uniqueName: 'beer', name: 'BEER' },
    ],
    publisheddata: [{ doi: '10.16907/abc-001', title: 'Lysozyme powders', datasetPids: [`${PREFIX}ds-001`], status: 'registered', isPublished: true }],
  };
}
