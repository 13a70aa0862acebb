import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES } from '../../dtype.js';
import { clip } from '../../ops/elementwise.js';
import { broadcastView, LAYOUTS, logical, mismatch, randomShape, randomValues, rng, specialValues, stored, view } from '../test-support.js';

afterAll(() => shutdownBackends());

describe('cpu clip', () => {
  it('limits every dtype, in every layout, to [min, max] keeping NaN, as a naive loop does', async () => {
    const random = rng(21);
    for (const dtype of DTYPES) {
      for (const layout of LAYOUTS) {
        const shape = randomShape(1 + Math.floor(random() * 3), 5, random);
        const values = layout === 'flipped' ? specialValues(dtype) : randomValues(dtype, shape.reduce((p, d) => p * d, 1), random);
        const x = view(dtype, layout === 'flipped' ? [values.length] : shape, values, layout);
        const bounds = [randomValues('float64', 2, random, false), [-Infinity, 3], [-2.5, Infinity]][Math.floor(random() * 3)];
        const [min, max] = bounds[0] <= bounds[1] ? bounds : [bounds[1], bounds[0]];
        const got = await clip(x, { min, max });
        expect(got.dtype).toBe(dtype);
        const want = logical(x).map((v) => stored(dtype, Number.isNaN(v) ? NaN : Math.min(max, Math.max(min, v))));
        expect(mismatch(logical(got), want), `${dtype} ${layout} [${min}, ${max}]`).toBeUndefined();
      }
    }
  });

  it('reads broadcast views and returns empty arrays for empty inputs', async () => {
    const { x, values } = broadcastView('int16', [2, 5, 3], [false, true, false], rng(2));
    expect(logical(await clip(x, { min: -3, max: 4 }))).toEqual(values.map((v) => Math.min(4, Math.max(-3, v))));
    expect((await clip(view('float32', [0], [], 'contiguous'), { min: 0 })).shape).toEqual([0]);
  });
});
