/**
 * Hand-written fixture entities for the ICAT contract server: one facility, two instruments,
 * two techniques with PaNET ids, parameter types, three investigations with ten datasets each,
 * three datafiles per dataset, samples, dataset parameters and a data collection with a DOI.
 * Test support only.
 *
 * @module
 */
import type { IcatStore } from './icat-store.js';

/**
 * The shape of the fixture, for tests that compute expected results from it.
 *
 * @example
 * ```ts
 * FIXTURE_SHAPE.investigations * FIXTURE_SHAPE.datasetsPerInvestigation; // 30 datasets
 * ```
 */
export const FIXTURE_SHAPE = { investigations: 3, datasetsPerInvestigation: 10, datafilesPerDataset: 3 } as const;

/**
 * Fills `store` with the fixture. Dataset `ds-I-J` (I = 1..3, J = 1..10) belongs to
 * investigation `INV-00I`, has the temperature `100 * I + J` K and, when J is even, the XAS
 * technique; datafile `ds-I-J-K.h5` (K = 1..3) is `1000 * K` bytes.
 *
 * @example
 * ```ts
 * const store = new IcatStore();
 * seedIcatFixtures(store);
 * ```
 */
export function seedIcatFixtures(store: IcatStore): void {
  const facility = store.insert('Facility', { name: 'ESRF', fullName: 'European Synchrotron Radiation Facility', daysUntilRelease: 1095 });
  const instruments = ['ID01', 'BM23'].map((name) => store.insert('Instrument', { name, fullName: `Beamline ${name}`, facility: { id: facility } }));
  const xas = store.insert('Technique', { name: 'x-ray absorption spectroscopy', pid: 'PaNET01196' });
  store.insert('Technique', { name: 'tomography', pid: 'PaNET01114' });
  const temperature = store.insert('ParameterType', { name: 'temperature', units: 'K', valueType: 'NUMERIC', facility: { id: facility } });
  store.insert('ParameterType', { name: 'sample_name', units: 'N/A', valueType: 'STRING', facility: { id: facility } });
  const collection = store.insert('DataCollection', { doi: '10.15151/ESRF-DC-1' });
  for (let i = 1; i <= FIXTURE_SHAPE.investigations; i++) {
    const investigation = store.insert('Investigation', {
      name: `INV-00${i}`,
      visitId: 'v1',
      title: i === 2 ? "Operando catalysis: O'Brien's cell" : `Study number ${i}`,
      doi: `10.15151/ESRF-ES-${i}`,
      startDate: `202${i}-03-01T08:00:00.000Z`,
      releaseDate: `202${i + 3}-03-01T08:00:00.000Z`,
      facility: { id: facility },
    });
    store.insert('InvestigationInstrument', { investigation: { id: investigation }, instrument: { id: instruments[(i - 1) % 2] } });
    const sample = store.insert('Sample', { name: `sample-${i}`, investigation: { id: investigation } });
    for (let j = 1; j <= FIXTURE_SHAPE.datasetsPerInvestigation; j++) {
      const dataset = store.insert('Dataset', {
        name: `ds-${i}-${j}`,
        complete: j % 3 !== 0,
        startDate: `202${i}-03-0${1 + (j % 5)}T10:00:00.000Z`,
        investigation: { id: investigation },
        sample: { id: sample },
      });
      store.insert('DatasetParameter', { numericValue: 100 * i + j, dataset: { id: dataset }, type: { id: temperature } });
      if (j % 2 === 0) store.insert('DatasetTechnique', { dataset: { id: dataset }, technique: { id: xas } });
      if (i === 1 && j <= 2) store.insert('DataCollectionDataset', { dataCollection: { id: collection }, dataset: { id: dataset } });
      for (let k = 1; k <= FIXTURE_SHAPE.datafilesPerDataset; k++) {
        store.insert('Datafile', { name: `ds-${i}-${j}-${k}.h5`, fileSize: 1000 * k, location: `/data/${i}/${j}/${k}.h5`, dataset: { id: dataset } });
      }
    }
  }
}
