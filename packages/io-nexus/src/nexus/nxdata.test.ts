import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { H5File } from '../h5/objects.js';
import { openH5 } from '../h5/open.js';
import { expected, fixture, sharedData } from '../testing/data.js';
import { findDefaultNxData } from './default.js';
import { readNxData, type NxData } from './nxdata.js';

// nexus.h5 is built by scripts/fixtures/io_nexus_read.py with one NXdata per NeXus form; the
// expectations below restate what the script wrote there, following the NeXus NXdata rules.
const axisNames = (nx: NxData) => nx.axes.map((a) => a?.name);

describe('NXdata resolution (nexus.h5)', () => {
  let file: H5File;
  const nx = async (path: string) => readNxData(await file.group(path));
  beforeAll(async () => {
    file = await openH5(fixture('nexus.h5'));
  });
  afterAll(() => file?.close());

  it('@signal, @axes with _indices, bin edges, errors, axis errors, auxiliary signals, units, title', async () => {
    const d = await nx('/entry/data_2d');
    expect(d.problems).toEqual([]);
    expect(d.valid).toBe(true);
    expect(d.signal?.name).toBe('counts');
    expect(d.signal?.units).toBe('counts');
    expect(d.signal?.longName).toBe('Intensity');
    expect(d.signal?.errors?.path).toBe('/entry/data_2d/errors');
    expect(d.interpretation).toBe('image');
    expect(d.title).toBe('Counts on a grid');
    expect(axisNames(d)).toEqual(['y', 'x']);
    expect(d.axes[0]).toMatchObject({ dims: [0], binEdges: false, units: 'mm' });
    expect(d.axes[1]).toMatchObject({ dims: [1], binEdges: true, units: 'deg', longName: 'Scattering angle' });
    expect(d.axes[1]?.errors?.path).toBe('/entry/data_2d/x_errors');
    expect(d.auxiliarySignals.map((s) => s.name)).toEqual(['background']);
    expect(Array.from((await d.signal!.dataset.read()).dataSync())).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("'.' leaves a dimension without an axis; DATA_errors are the signal's errors", async () => {
    const d = await nx('/entry/data_dot');
    expect(d.valid).toBe(true);
    expect(axisNames(d)).toEqual([undefined, 'row', 'col']);
    expect(d.axes[2]?.dims).toEqual([2]);
    expect(d.signal?.errors?.path).toBe('/entry/data_dot/stack_errors');
  });

  it('AXISNAME_indices win over positions in @axes, and a 2D axis spans two dimensions', async () => {
    const d = await nx('/entry/data_indices');
    expect(d.problems).toEqual([]);
    expect(axisNames(d)).toEqual(['temperature', 'energy']);
    expect(d.axes[0]?.dims).toEqual([0]);
    expect(d.axes[1]?.dims).toEqual([1]);
    expect(d.axisFields.map((a) => a.name)).toEqual(['energy', 'temperature']);
  });

  it('a single-string @axes and an integer signal with interpretation spectrum', async () => {
    const d = await nx('/entry/spectrum');
    expect(d.valid).toBe(true);
    expect(axisNames(d)).toEqual(['x']);
    expect(d.interpretation).toBe('spectrum');
    expect(d.title).toBe('A test entry'); // from the parent NXentry
  });

  it('legacy signal=1 with axes="q:phi" on the signal, and signal=2 as an auxiliary signal', async () => {
    const d = await nx('/entry/legacy_signal');
    expect(d.problems).toEqual([]);
    expect(d.signal?.name).toBe('intensity');
    expect(axisNames(d)).toEqual(['q', 'phi']);
    expect(d.auxiliarySignals.map((s) => s.name)).toEqual(['other']);
  });

  it('legacy @axis=N on the axes (1-based), with primary=1 choosing among two', async () => {
    const d = await nx('/entry/legacy_axis');
    expect(d.problems).toEqual([]);
    expect(d.signal?.name).toBe('data'); // signal="1" stored as a string
    expect(axisNames(d)).toEqual(['tth', 'chi']);
  });

  it('invalid groups give their problems instead of throwing', async () => {
    const missing = await nx('/entry/invalid_nosignal');
    expect(missing.valid).toBe(false);
    expect(missing.signal).toBeUndefined();
    expect(missing.problems).toEqual(['@signal names "missing", which is not a dataset of the group']);

    const shapes = await nx('/entry/invalid_shapes');
    expect(shapes.valid).toBe(false);
    expect(shapes.signal?.name).toBe('s');
    expect(shapes.signal?.errors).toBeUndefined();
    expect(shapes.problems).toEqual([
      'errors "errors" have shape [5, 4]; "s" has [4, 5]',
      '@axes lists 3 names; the signal has 2 dimensions',
      'axis "a" has shape [7]; along signal dimension(s) [0] expected [4] or bin edges [5]',
      'axis "c" is given dimension 2; the signal has 2',
    ]);
    expect(axisNames(shapes)).toEqual([undefined, 'b']);

    const text = await nx('/entry/invalid_string_signal');
    expect(text.valid).toBe(false);
    expect(text.problems).toEqual(['signal "s" is not numeric (string)']);

    const notNxData = await nx('/entry');
    expect(notNxData.valid).toBe(false);
    expect(notNxData.problems[0]).toBe('NX_class is "NXentry", not "NXdata"');
  });
});

describe('the @default chain (silx/h5web rules)', () => {
  it('follows root -> entry -> data_2d, the relative @default of the entry', async () => {
    const file = await openH5(fixture('nexus.h5'));
    try {
      const found = await findDefaultNxData(file);
      expect(found.chain).toEqual(['/', '/entry', '/entry/data_2d']);
      expect(found.problems).toEqual([]);
      expect(found.nxdata?.signal?.name).toBe('counts');
      // an absolute @default
      expect((await findDefaultNxData(file, '/absolute')).chain).toEqual(['/absolute', '/entry/spectrum']);
      // no @default: the first NXdata member
      expect((await findDefaultNxData(file, '/entry2')).nxdata?.group.path).toBe('/entry2/plot');
      // a @default naming nothing: a problem, and the search goes on (here: nothing else)
      const dangling = await findDefaultNxData(file, '/dangling');
      expect(dangling.nxdata).toBeUndefined();
      expect(dangling.chain).toEqual([]);
      expect(dangling.problems).toEqual(['@default of /dangling names "nothing", which is not a group of the file']);
      // a loop of @default attributes is detected and not followed twice
      const loop = await findDefaultNxData(file, '/loop');
      expect(loop.nxdata).toBeUndefined();
      expect(loop.problems).toContain('/loop was reached again: the @default attributes form a loop');
    } finally {
      await file.close();
    }
  });

  it('chopper.nxs: root -> entry -> data, with bin-edge time of flight', async () => {
    const file = await openH5(sharedData('nexus', 'chopper.nxs'));
    try {
      const { nxdata, chain } = await findDefaultNxData(file);
      expect(chain).toEqual(['/', '/entry', '/entry/data']);
      expect(nxdata?.valid).toBe(true);
      expect(nxdata?.signal).toMatchObject({ name: 'data', units: 'counts', longName: 'Neutron Counts' });
      expect(nxdata?.axes.map((a) => [a?.name, a?.binEdges, a?.units])).toEqual([
        ['polar_angle', false, 'degrees'],
        ['time_of_flight', true, 'microseconds'],
      ]);
      expect(nxdata?.title).toBe(expected.shared.chopper.title);
      const monitor = await readNxData(await file.group('/entry/monitor1')); // an NXmonitor with signal/axes
      expect(monitor.problems).toEqual(['NX_class is "NXmonitor", not "NXdata"']);
      expect(monitor.axes[0]).toMatchObject({ name: 'time_of_flight', binEdges: true });
    } finally {
      await file.close();
    }
  });

  it('PTO_STO_SL_0001.h5: a root @default naming a missing entry falls back to the first NXentry and its plotselect', async () => {
    const file = await openH5(sharedData('kmap', 'PTO_STO_SL_0001.h5'));
    try {
      const { nxdata, chain, problems } = await findDefaultNxData(file);
      expect(problems).toEqual(['@default of / names "1.1", which is not a group of the file']);
      expect(chain).toEqual(['/', '/20.1', '/20.1/plotselect']);
      expect(nxdata?.valid).toBe(true);
      expect(nxdata?.signal?.name).toBe(expected.shared.pto.plotselect_signal);
      expect(axisNames(nxdata!)).toEqual(expected.shared.pto.plotselect_axes);
      expect(Array.from((await nxdata!.signal!.dataset.read()).dataSync())).toEqual(expected.shared.pto.roi1_sum);
      expect(nxdata?.axes[0]?.units).toBe('deg');
    } finally {
      await file.close();
    }
  });
});
