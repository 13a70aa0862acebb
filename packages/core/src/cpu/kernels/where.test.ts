import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES, type DType } from '../../dtype.js';
import { where } from '../../ops/elementwise.js';
import {
  broadcastOf, broadcastView, LAYOUTS, logical, mismatch, pick, randomShape, randomValues, readBroadcast, rng, stored, view,
} from '../test-support.js';

afterAll(() => shutdownBackends());

const CONDITIONS: readonly DType[] = ['bool', 'uint8', 'int32', 'uint16'];

describe('cpu where', () => {
  it('picks from a or b by cond, broadcasting all three in any layout and dtype, as a naive loop does', async () => {
    const random = rng(31);
    for (const da of DTYPES) {
      for (const db of DTYPES) {
        const shape = randomShape(1 + Math.floor(random() * 3), 4, random);
        const shrink = (s: number[]) => s.slice(Math.floor(random() * s.length)).map((d) => (random() < 0.3 ? 1 : d));
        const [sc, sa, sb] = [shrink(shape), shrink(shape), shape];
        const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
        const dc = pick(CONDITIONS, random);
        const truthy = () => (dc === 'bool' ? 1 : dc === 'int32' ? pick([-7, -1, 1, 3], random) : 1 + Math.floor(random() * 3));
        const condValues = Array.from({ length: size(sc) }, () => (random() < 0.5 ? 0 : truthy()));
        const cond = view(dc, sc, condValues, pick(LAYOUTS, random));
        const a = view(da, sa, randomValues(da, size(sa), random), pick(LAYOUTS, random));
        const b = view(db, sb, randomValues(db, size(sb), random), pick(LAYOUTS, random));
        const got = await where(cond, a, b);
        const out = broadcastOf(sc, sa, sb);
        expect(got.shape).toEqual(out);
        const [vc, va, vb] = [logical(cond), logical(a), logical(b)];
        const want = Array.from({ length: size(out) }, (_, i) =>
          stored(got.dtype, readBroadcast(vc, sc, out, i) !== 0 ? readBroadcast(va, sa, out, i) : readBroadcast(vb, sb, out, i)));
        expect(mismatch(logical(got), want), `${dc} ${da} ${db}`).toBeUndefined();
      }
    }
  });

  it('reads true broadcasts and gives empty results for empty inputs', async () => {
    const random = rng(4);
    const cond = view('bool', [3, 1], [1, 0, 1], 'flipped');
    const { x: a, values: va } = broadcastView('float32', [3, 6], [true, false], random);
    const b = view('float32', [], [-1], 'contiguous');
    expect(logical(await where(cond, a, b))).toEqual(va.map((v, i) => ([1, 0, 1][Math.floor(i / 6)] ? v : -1)));
    expect((await where(view('bool', [0], [], 'contiguous'), a.slice(0, [0, 0]), b)).shape).toEqual([0]);
  });
});
