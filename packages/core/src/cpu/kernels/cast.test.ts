import { afterAll, describe, expect, it } from 'vitest';
import { shutdownBackends } from '../../backend-registry.js';
import { DTYPES, isFloat, type DType } from '../../dtype.js';
import { cast } from '../../ops/cast.js';
import { broadcastView, LAYOUTS, logical, mismatch, randomShape, randomValues, rng, view } from '../test-support.js';

afterAll(() => shutdownBackends());

const RANGE: Record<string, [number, number]> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 2 ** 32 - 1],
};

/** The contract, value by value: bool is non-zero; float to int truncates, saturates, NaN 0; int to int wraps mod 2^bits; to float rounds. */
function expected(v: number, from: DType, to: DType): number {
  if (to === 'bool') return v !== 0 ? 1 : 0;
  if (to === 'float64') return v;
  if (to === 'float32') return Math.fround(v);
  const [lo, hi] = RANGE[to];
  if (isFloat(from)) return Number.isNaN(v) ? 0 : Math.min(hi, Math.max(lo, Math.trunc(v)));
  const span = hi - lo + 1;
  return ((((v - lo) % span) + span) % span) + lo;
}

describe('cpu cast', () => {
  it('converts every dtype to every dtype, in every layout, as the contract says', async () => {
    const random = rng(41);
    for (const from of DTYPES) {
      for (const to of DTYPES) {
        for (const layout of LAYOUTS) {
          const shape = randomShape(1 + Math.floor(random() * 3), 5, random);
          const x = view(from, shape, randomValues(from, shape.reduce((p, d) => p * d, 1), random), layout);
          const got = await cast(x, to);
          expect(got.dtype).toBe(to);
          expect(got.shape).toEqual(shape);
          expect(mismatch(logical(got), logical(x).map((v) => expected(v, from, to))), `${from} -> ${to} ${layout}`).toBeUndefined();
        }
      }
    }
  });

  it('saturates at the edges of each integer range and maps NaN to 0', async () => {
    const edges = [NaN, -Infinity, Infinity, -0.9, 0.9, -128.5, 127.5, 255.9, 32767.5, -32768.5, 2 ** 31 - 0.5, -(2 ** 31) - 1, 2 ** 32 - 0.5, 2 ** 32, 1e300];
    for (const to of Object.keys(RANGE) as DType[]) {
      const got = await cast(view('float64', [edges.length], edges, 'contiguous'), to);
      expect(mismatch(logical(got), edges.map((v) => expected(v, 'float64', to))), to).toBeUndefined();
    }
  });

  it('reads broadcast views and casts empty arrays', async () => {
    const { x, values } = broadcastView('float32', [2, 3, 4], [true, false, false], rng(9));
    expect(mismatch(logical(await cast(x, 'int16')), values.map((v) => expected(v, 'float32', 'int16')))).toBeUndefined();
    expect((await cast(view('int8', [0, 2], [], 'contiguous'), 'float32')).shape).toEqual([0, 2]);
  });
});
