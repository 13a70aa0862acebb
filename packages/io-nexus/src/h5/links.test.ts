import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../errors.js';
import { expected, fixture, sharedData } from '../testing/data.js';
import { frames } from '../frames.js';
import type { H5File } from './objects.js';
import { openH5 } from './open.js';

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

describe('soft, hard and external links (links.h5 -> ext/links_target.h5)', () => {
  let file: H5File;
  beforeAll(async () => {
    file = await openH5(fixture('links.h5'));
  });
  afterAll(() => file?.close());

  it('follows soft links (absolute, relative, chained, to groups) and hard links', async () => {
    const values = Array.from({ length: 10 }, (_, i) => i);
    for (const path of ['/soft', '/data/relative_soft', '/soft_chain', '/hard', '/soft_group/values']) {
      const ds = await file.dataset(path);
      expect([path, Array.from((await ds.read()).dataSync())]).toEqual([path, values]);
      expect(ds.path).toBe(path);
    }
    expect((await file.dataset('/soft_chain')).location).toEqual({ file: file.name, objectPath: '/data/values' });
    expect(await file.source.link('/soft')).toEqual({ kind: 'soft', target: '/data/values' });
    expect(await file.source.link('/hard')).toEqual({ kind: 'hard' });
    expect(await file.source.link('/nothing')).toEqual({ kind: 'missing' });
  });

  it('follows external links relative to the linking file, into sub-folders and on to siblings there', async () => {
    const group = await file.group('/ext');
    expect(group.location.file).toBe(fixture('ext', 'links_target.h5'));
    expect(await group.nxClass()).toBe('NXdata');
    expect(await group.keys()).toEqual(['frames']);
    const stack = await file.dataset('/ext/frames');
    expect(stack.shape).toEqual(expected['links.h5'].frames.shape);
    expect(Array.from((await stack.read([2])).dataSync())).toEqual(expected['links.h5'].frames_2);
    expect(sum((await file.dataset('/ext_dataset').then((d) => d.read())).dataSync())).toBe(expected['links.h5'].frames.sum);
    // a soft link whose target crosses the external link
    expect((await file.dataset('/soft_through_ext')).location.objectPath).toBe('/group/frames');
    // links_target.h5 links 'links_sibling.h5', found beside links_target.h5 (ext/), not beside links.h5
    const sibling = await file.dataset('/ext_sibling');
    expect(sibling.location.file).toBe(fixture('ext', 'links_sibling.h5'));
    expect(await sibling.readValue()).toBe(42);
    expect(await file.source.link('/ext')).toEqual({ kind: 'external', targetFile: 'ext/links_target.h5', target: '/group' });
  });

  it('streams frames through an external link', async () => {
    const seen: number[] = [];
    for await (const chunk of frames(await file.dataset('/ext/frames'), { batch: 2 })) seen.push(chunk.shape[0]);
    expect(seen).toEqual([2, 2, 1]);
  });

  it.each([
    ['/broken', /no "nothing" in group \/ \(following \/broken -> \/nothing\/here\)/],
    ['/cycle_a', /the links form a cycle \(following \/cycle_a -> \/cycle_b, \/cycle_b -> \/cycle_a, \/cycle_a -> \/cycle_b\)/],
    ['/ext_missing', /the external file "ext\/nope\.h5" is not there \(looked for .*ext\/nope\.h5\)/],
    ['/ext_cycle', /the links form a cycle/],
    ['/data/values/deeper', /\/data\/values is not a group/],
    ['/nothing/at/all', /no "nothing" in group \//],
  ])('%s is an ObjectNotFoundError that says why', async (path, reason) => {
    const err = await file.get(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect((err as ObjectNotFoundError).file).toBe(file.name);
    expect((err as ObjectNotFoundError).path).toBe(path);
    expect((err as Error).message).toMatch(reason);
    expect(await file.has(path)).toBe(false);
  });
});

describe('an Eiger-like master: virtual dataset over data files, and external links to them (vds/)', () => {
  let file: H5File;
  const h5py = expected['vds/master.h5'];
  beforeAll(async () => {
    file = await openH5(fixture('vds', 'master.h5'));
  });
  afterAll(() => file?.close());

  it('reads the virtual dataset from its bitshuffle-compressed sources, whole and in hyperslabs', async () => {
    const ds = await file.dataset('/entry/data/data');
    expect(ds.isVirtual).toBe(true);
    expect(ds.virtualSources.map((s) => [s.file, s.dataset])).toEqual(h5py.sources);
    const all = await ds.read();
    expect(all.shape).toEqual(h5py.data.shape);
    expect(sum(all.dataSync())).toBe(h5py.data.sum);
    expect(Array.from((await ds.read([3])).dataSync())).toEqual(h5py.frame_3); // the second file's first frame
    expect(Array.from((await ds.read([[1, 4], [2, 9, 3], [5, 6]])).dataSync())).toEqual(h5py.slice_1_4__2_9_3__5_6);
  });

  it('reads the same frames through the external links to the data files', async () => {
    const part = await (await file.dataset('/entry/data/data_000002')).read([0]);
    expect(Array.from(part.dataSync())).toEqual(h5py.frame_3);
  });

  it('names the missing source file of a virtual dataset', async () => {
    const ds = await file.dataset('/entry/missing');
    await expect(ds.read()).rejects.toThrow(ObjectNotFoundError);
    await expect(ds.read()).rejects.toThrow(/master\.h5 \(\/entry\/missing\): virtual dataset source file\(s\) missing: data_000009\.h5/);
    const filled = await ds.read([0, 0, [0, 3]], { missingSources: 'fill' });
    expect(Array.from(filled.dataSync())).toEqual([-1, -1, -1]);
  });
});

describe('the ID01 XSOCS master of external links (kmap/id01_xsocs_skeleton)', () => {
  let file: H5File;
  const h5py = expected.shared.xsocs;
  beforeAll(async () => {
    file = await openH5(sharedData('kmap', 'id01_xsocs_skeleton', 'sample_0001_master.h5'));
  });
  afterAll(() => file?.close());

  it('follows 1.1 ... 5.1 into the entry files and reads their positioners', async () => {
    expect(await (await file.group('/')).keys()).toEqual(['1.1', '2.1', '3.1', '4.1', '5.1']);
    const eta: number[] = [];
    for (let k = 1; k <= 5; k++) eta.push((await (await file.dataset(`/${k}.1/instrument/positioners/eta`)).read()).get());
    expect(eta).toEqual(h5py.eta);
    const pix = await (await file.dataset('/3.1/instrument/positioners/pix_position')).read();
    expect(pix.shape).toEqual([3600]);
    expect(sum(pix.dataSync())).toBeCloseTo(h5py.pix_position_sum_3, 6);
    expect((await file.dataset('/1.1/instrument/detector/beam_energy')).location.file).toMatch(/sample_0001_1\.1\.h5$/);
    expect(await (await file.group('/2.1')).nxClass()).toBe('NXentry');
  });

  it('reports the dangling links to the absent raw file, through the detector soft link too', async () => {
    const err = await file.get('/1.1/instrument/detector/data').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect((err as Error).message).toMatch(/following .*\/1\.1\/instrument\/detector\/data -> \/1\.1\/measurement\/image\/data, .*sample_0001\.h5/);
    expect(await file.source.link('/1.1/measurement/image/data')).toMatchObject({
      kind: 'external',
      targetFile: './data/MA1234/id01/20230710/sample/sample_0001/sample_0001.h5',
    });
  });
});
