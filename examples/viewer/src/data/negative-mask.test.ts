import { array } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { negativeMask } from './negative-mask.js';

describe('negativeMask', () => {
  it('masks the negative pixels (gaps -1, dead -2) and counts them; zero is a valid count', () => {
    const frame = array(new Int32Array([5, -1, 0, -2, 7, -1]), { shape: [2, 3] });
    expect(negativeMask(frame)).toEqual({ mask: new Uint8Array([0, 1, 0, 1, 0, 1]), count: 3 });
  });

  it('masks nothing in a frame without negative values, and ignores NaN in float frames', () => {
    expect(negativeMask(array(new Float32Array([0, 1, Number.NaN, 2]), { shape: [2, 2] }))).toEqual({ mask: new Uint8Array(4), count: 0 });
  });
});
