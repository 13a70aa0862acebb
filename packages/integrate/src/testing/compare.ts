import { expect } from 'vitest';

/** Tolerances of {@link expectClose}: |actual - expected| <= atol + rtol·|expected|. */
export interface Tolerance {
  rtol: number;
  atol?: number;
}

/**
 * Asserts that two arrays agree element by element within the tolerance, reporting the worst
 * element (index, both values) when they do not. NaN only matches NaN.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const atol = tol.atol ?? 0;
  let worst = -1;
  let excess = 0;
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k];
    const e = expected[k];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) return void expect.fail(`${label}: [${k}] is ${a}, expected ${e}`);
      continue;
    }
    const over = Math.abs(a - e) - (atol + tol.rtol * Math.abs(e));
    if (over > excess) {
      excess = over;
      worst = k;
    }
  }
  if (worst >= 0) {
    expect.fail(`${label}: [${worst}] is ${actual[worst]}, expected ${expected[worst]} (rtol ${tol.rtol}, atol ${atol})`);
  }
}

/** CRC-32 (IEEE, zlib's) of bytes. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
