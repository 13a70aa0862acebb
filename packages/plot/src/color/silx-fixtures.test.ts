// Checks the colour code against silx 1.1 and matplotlib 3.6 (fixture written by
// scripts/fixtures/plot/colormaps.py).
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { autoscale } from './autoscale.js';
import { colorize } from './colorize.js';
import { COLORMAP_NAMES, colormapLut } from './colormaps.js';
import type { Normalization } from './normalization.js';

interface Fixture {
  versions: Record<string, string>;
  luts: Record<string, string>;
  mpl: Record<string, string>;
  data: { f64: string; f32: string; narrow: string };
  cmap: { normalization: string; vmin: number; vmax: number; gamma: number | null; f64: string; f32: string }[];
  autoscale: {
    normalization: string;
    gamma: number | null;
    mode: 'minmax' | 'stddev3';
    data: 'f64' | 'f32' | 'narrow';
    range: [number, number];
    std3: [number | null, number | null];
    indices: string;
  }[];
  fallbacks: { case: string; values: string; normalization: string; mode: 'minmax' | 'stddev3'; range: [number, number] }[];
}

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/colormaps.json', import.meta.url), 'utf8')) as Fixture;

function bytes(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}
function float64(b64: string): Float64Array {
  return new Float64Array(bytes(b64).buffer);
}
function int16(b64: string): Int16Array {
  return new Int16Array(bytes(b64).buffer);
}
/** silx's "arcsinh" is pandaas' "asinh". */
function norm(name: string): Normalization {
  return (name === 'arcsinh' ? 'asinh' : name) as Normalization;
}

const NAN = [0, 0, 0, 0] as const;
const POS = [255, 0, 255, 255] as const;
const NEG = [0, 255, 255, 255] as const;

/**
 * The colour index of every pixel colorize gives with the `gray` colormap (entry i = (i, i, i)),
 * -1 for the NaN colour, -2 / -3 for the +Inf / -Inf colours.
 */
function indices(rgba: Uint8ClampedArray): Int16Array {
  const out = new Int16Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) {
    const [r, g, b, a] = rgba.subarray(i * 4, i * 4 + 4);
    if (a === 0) out[i] = -1;
    else if (r === 255 && g === 0 && b === 255) out[i] = -2;
    else if (r === 0 && g === 255 && b === 255) out[i] = -3;
    else out[i] = r;
  }
  return out;
}

/** silx's indices with the pandaas special colours: +Inf / -Inf inputs get their own colours. */
function expected(silx: Int16Array, data: ArrayLike<number>): Int16Array {
  return silx.map((k, i) => (data[i] === Infinity ? -2 : data[i] === -Infinity ? -3 : k));
}

function mismatches(a: Int16Array, b: Int16Array): number[] {
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad.push(i);
  return bad;
}

describe('colormap lookup tables (silx 1.1, matplotlib 3.6)', () => {
  it('lists the same names as silx preferred colormaps', () => {
    expect([...COLORMAP_NAMES].sort()).toEqual(Object.keys(fixture.luts).sort());
  });

  it.each(Object.keys(fixture.luts))('%s equals silx byte for byte', (name) => {
    expect(Buffer.from(colormapLut(name)).toString('hex')).toBe(fixture.luts[name]);
  });

  it.each(Object.keys(fixture.mpl))('%s is within 1/255 of matplotlib', (name) => {
    const ref = Buffer.from(fixture.mpl[name], 'hex');
    const lut = colormapLut(name);
    let worst = 0;
    for (let i = 0; i < 256; i++) {
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(lut[i * 4 + c] / 255 - ref.readUInt16BE((i * 3 + c) * 2) / 65535));
    }
    expect(worst).toBeLessThanOrEqual(1 / 255 + 1e-5);
  });
});

describe('colour indices equal silx.math.colormap.cmap pixel for pixel', () => {
  const data = { f64: float64(fixture.data.f64), f32: new Float32Array(float64(fixture.data.f32)) };
  for (const c of fixture.cmap) {
    for (const key of ['f64', 'f32'] as const) {
      it(`${c.normalization} [${c.vmin}, ${c.vmax}]${c.gamma === null ? '' : ` gamma ${c.gamma}`} on ${key} data`, () => {
        const values = data[key];
        const img = colorize(values, values.length, 1, {
          colormap: 'gray',
          normalization: norm(c.normalization),
          vmin: c.vmin,
          vmax: c.vmax,
          gamma: c.gamma ?? undefined,
          nanColor: NAN,
          posInfColor: POS,
          negInfColor: NEG,
        });
        expect(mismatches(indices(img.rgba), expected(int16(c[key]), values))).toEqual([]);
      });
    }
  }
});

describe('autoscale equals silx (normalizer.autoscale, apply_colormap)', () => {
  const data = {
    f64: float64(fixture.data.f64),
    f32: new Float32Array(float64(fixture.data.f32)),
    narrow: float64(fixture.data.narrow),
  };
  for (const c of fixture.autoscale) {
    it(`${c.normalization} ${c.mode} on ${c.data} data`, () => {
      const values = data[c.data];
      const normalization = norm(c.normalization);
      const { range, fallback } = autoscale(values, c.mode, normalization);
      expect(fallback).toBe(false);
      const want = [...c.range];
      // the documented difference: silx squares a negative mean - 3 std on sqrt; pandaas clamps it
      // to 0, so vmin is the data's minimum (silx's minmax vmin)
      const diverges = normalization === 'sqrt' && c.mode === 'stddev3' && !(c.std3[0]! >= 0);
      if (diverges) {
        want[0] = fixture.autoscale.find((m) => m.normalization === 'sqrt' && m.mode === 'minmax' && m.data === c.data)!.range[0];
      }
      // minmax is exact. stddev3: numpy sums float32 data in float32 (pairwise), pandaas in float64;
      // on float64 data numpy takes two passes, pandaas one with shifted sums (relative 1e-9)
      const tol = c.mode === 'minmax' ? 0 : c.data === 'f32' && (normalization === 'linear' || normalization === 'gamma') ? 1e-5 : 1e-9;
      for (let k = 0; k < 2; k++) {
        const scale = normalization === 'log' ? Math.abs(want[k]) : Math.abs(want[1] - want[0]);
        if (tol === 0) expect(range[k]).toBe(want[k]);
        else expect(Math.abs(range[k] - want[k])).toBeLessThanOrEqual(tol * scale);
      }
      if (c.data !== 'f32' && !diverges) {
        // the whole pipeline (autoscale + colours) gives silx's indices
        const img = colorize(values, values.length, 1, {
          colormap: 'gray',
          normalization,
          gamma: c.gamma ?? undefined,
          autoscale: c.mode,
          nanColor: NAN,
          posInfColor: POS,
          negInfColor: NEG,
        });
        expect(mismatches(indices(img.rgba), expected(int16(c.indices), values))).toEqual([]);
      }
    });
  }

  it('the sqrt stddev3 difference is exercised on both sides', () => {
    const sqrt = fixture.autoscale.filter((c) => c.normalization === 'sqrt' && c.mode === 'stddev3');
    expect(sqrt.some((c) => c.std3[0]! >= 0)).toBe(true);
    expect(sqrt.some((c) => !(c.std3[0]! >= 0))).toBe(true);
  });

  for (const c of fixture.fallbacks) {
    it(`falls back like silx: ${c.case}, ${c.normalization}, ${c.mode}`, () => {
      const { range } = autoscale(float64(c.values), c.mode, norm(c.normalization));
      expect(range).toEqual(c.range);
    });
  }
});
