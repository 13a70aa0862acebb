/**
 * GoniometerModel against pyFAI 0.21's Goniometer.sload(...).get_ai(position)
 * (scripts/fixtures/integrate/goniometer.py): the real model of the SSRL LaB6 scan (v1.1), a v2
 * model of two motors with functions and constants, and a v1.1 model of a generic detector; and
 * every malformed model refused with the key and its value.
 */
import { readFileSync } from 'node:fs';
import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { PoniError } from '../errors.js';
import { GoniometerModel } from './goniometer-model.js';

interface FixtureGeometry {
  position: number | number[];
  dist: number;
  poni1: number;
  poni2: number;
  rot1: number;
  rot2: number;
  rot3: number;
  wavelength: number;
  pixel1: number;
  pixel2: number;
  shape: [number, number];
  pixels: number[];
  twoTheta: number[];
}

interface FixtureModel {
  name: string;
  text: string;
  geometries: FixtureGeometry[];
}

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/goniometer.json', import.meta.url), 'utf8')) as { models: FixtureModel[] };
const KEYS = ['dist', 'poni1', 'poni2', 'rot1', 'rot2', 'rot3'] as const;
const cases = fixture.models.flatMap((m) => m.geometries.map((g) => [m.name, JSON.stringify(g.position), m, g] as const));
const lab6 = fixture.models.find((m) => m.name === 'ssrl-lab6')!;

/** |a - b| <= rtol·|b|. */
function expectRelative(actual: number, expected: number, rtol: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.abs(expected));
}

function modelWith(change: (doc: Record<string, unknown> & { trans_function: Record<string, unknown> }) => void, base = lab6.text): string {
  const doc = JSON.parse(base) as Record<string, unknown> & { trans_function: Record<string, unknown> };
  change(doc);
  return JSON.stringify(doc);
}

function poniFailure(text: string): PoniError {
  try {
    GoniometerModel.fromJson(text, 'gonio.json');
  } catch (err) {
    return err as PoniError;
  }
  throw new Error('the model was accepted');
}

describe('GoniometerModel against pyFAI 0.21', () => {
  // float64 arithmetic on both sides, in the expressions' own order; libm functions may differ by an ulp
  it.each(cases)('%s at %s: the six PONI parameters of get_ai (1e-12 relative)', (_, __, m, g) => {
    const poni = GoniometerModel.fromJson(m.text, m.name).transform(g.position);
    for (const key of KEYS) expectRelative(poni[key], g[key], 1e-12, key);
  });

  it.each(cases)("%s at %s: get_ai's detector, wavelength and 2θ array (1e-12 relative)", (_, __, m, g) => {
    const ai = GoniometerModel.fromJson(m.text, m.name).geometry(g.position);
    expect([ai.detector.pixel1, ai.detector.pixel2]).toEqual([g.pixel1, g.pixel2]);
    expect(ai.detector.shape).toEqual(g.shape);
    expect(ai.wavelength).toBe(g.wavelength);
    const tth = ai.twoTheta();
    g.pixels.forEach((p, k) => expectRelative(tth[p]!, g.twoTheta[k]!, 1e-12, `2θ of pixel ${p}`));
  });

  it('reads what the models say', () => {
    const model = GoniometerModel.fromJson(lab6.text, 'ROBL_v1.json');
    expect(model.version).toBe('Goniometer calibration v1.1');
    expect(model.detector.name).toBe('Pilatus300kw');
    expect(model.positionNames).toEqual(['pos']);
    expect(model.parameters.rot2_scale).toBe(0.01745596165723345);
    expect(model.expressions.rot2).toBe('rot2_scale * pos + rot2_offset');
    expect(model.constants.pi).toBe(Math.PI);
    const twoAxes = GoniometerModel.fromJson(fixture.models.find((m) => m.name === 'two-axes')!.text);
    expect(twoAxes.version).toBe('Goniometer calibration v2');
    expect(twoAxes.positionNames).toEqual(['tth', 'dz']);
    expect(twoAxes.constants).toEqual({ pi: Math.PI, arm: 0.05, deg: Math.PI / 180 });
  });

  it('takes the transformation\'s default position name "pos", and no wavelength, as pyFAI does', () => {
    const text = modelWith((doc) => {
      delete doc.pos_names;
      delete doc.wavelength;
      delete doc.trans_function.pos_names;
    });
    const model = GoniometerModel.fromJson(text);
    expect(model.positionNames).toEqual(['pos']);
    expect(model.wavelength).toBeUndefined();
    expect(model.geometry(10).wavelength).toBeUndefined();
  });
});

describe('GoniometerModel refuses', () => {
  const twoAxes = fixture.models.find((m) => m.name === 'two-axes')!.text;
  it.each([
    ['text that is not JSON', '{"content": ', undefined, 'the goniometer model is not JSON'],
    ['JSON that is not an object', '[1, 2]', undefined, 'must be a JSON object; got [1,2]'],
    ['another content', modelWith((d) => (d.content = 'Detector calibration')), 'content', 'key "content" has value "Detector calibration": it is not a goniometer model of a version'],
    ['an unknown detector', modelWith((d) => (d.detector = 'Pilatus 42M')), 'detector', 'key "detector" has value "Pilatus 42M": unknown detector "Pilatus 42M"'],
    ['a v2 detector_config the detector does not take', modelWith((d) => ((d.detector_config as Record<string, unknown>).splineFile = 'a.spline'), twoAxes), 'detector_config', 'key "detector_config" has value {'],
    ['a wavelength that is not a length', modelWith((d) => (d.wavelength = '1 A')), 'wavelength', 'key "wavelength" has value "1 A": it must be a positive number of metres'],
    ['a parameter value that is not a number', modelWith((d) => ((d.param as unknown[])[2] = 'x')), 'param', 'key "param" has value [0.918352721976438,0.01616856812272556,"x"'],
    ['fewer values than parameter names', modelWith((d) => (d.param as unknown[]).pop()), 'param', 'it has 8 values for the 9 parameters of "trans_function.param_names"'],
    ['more values than parameter names', modelWith((d) => (d.param as unknown[]).push(1)), 'param', 'it has 10 values for the 9 parameters'],
    ['no values', modelWith((d) => delete d.param), 'param', 'key "param" is missing'],
    ['top-level names that differ from the transformation\'s', modelWith((d) => (d.pos_names = ['tth'])), 'pos_names', 'key "pos_names" has value ["tth"]: it differs from "trans_function.pos_names" (["pos"])'],
    ['no transformation', modelWith((d) => delete (d as Record<string, unknown>).trans_function), 'trans_function', 'key "trans_function" has value undefined'],
    ['an ExtendedTransformation', modelWith((d) => (d.trans_function.content = 'ExtendedTransformation')), 'trans_function.content', 'an ExtendedTransformation (a fitted wavelength) is not supported'],
    ['an unknown transformation', modelWith((d) => (d.trans_function.content = 'Magic')), 'trans_function.content', 'key "trans_function.content" has value "Magic": it is not a transformation pyFAI knows'],
    ['parameter names that are not names', modelWith((d) => (d.trans_function.param_names = 'dist')), 'trans_function.param_names', 'it must be a list of names'],
    ['no motor position', modelWith((d) => ((d.trans_function.pos_names = []), (d.pos_names = []))), 'trans_function.pos_names', 'a model needs at least one motor position'],
    ['a parameter named like a constant', modelWith((d) => ((d.trans_function.pos_names = ['pi']), (d.pos_names = ['pi']))), 'trans_function.pos_names', 'key "trans_function.pos_names" has value ["pi"]: "pi" is defined twice'],
    ['a parameter named twice', modelWith((d) => ((d.trans_function.param_names = ['a', 'b', 'a']), delete d.param_names, (d.param = [1, 2, 3]))), 'trans_function.param_names', 'has value ["a","b","a"]: "a" is defined twice'],
    ['a constant that is not a number', modelWith((d) => (d.trans_function.constants = { pi: Math.PI, arm: 'long' })), 'trans_function.constants.arm', 'key "trans_function.constants.arm" has value "long"'],
    ['a missing expression', modelWith((d) => delete d.trans_function.rot3_expr), 'trans_function.rot3_expr', 'key "trans_function.rot3_expr" has value undefined: it must be the expression of rot3'],
    ['a null expression', modelWith((d) => (d.trans_function.dist_expr = null)), 'trans_function.dist_expr', 'has value null'],
    ['a malformed expression', modelWith((d) => (d.trans_function.rot1_expr = 'rot1_scale * pos +')), 'trans_function.rot1_expr', 'key "trans_function.rot1_expr" has value "rot1_scale * pos +": it ends too early'],
    ['an unknown name', modelWith((d) => (d.trans_function.rot2_expr = 'rot2_scal * pos')), 'trans_function.rot2_expr', 'value "rot2_scal * pos": it uses "rot2_scal" at character 0, which is not a parameter, position or constant'],
    ['an unknown function', modelWith((d) => (d.trans_function.rot2_expr = 'radians(pos)')), 'trans_function.rot2_expr', 'it calls "radians" at character 0'],
  ])('%s (PoniError naming the key and the value)', (_, text, key, message) => {
    const err = poniFailure(text);
    expect(err).toBeInstanceOf(PoniError);
    expect(err.code).toBe('E_FORMAT');
    expect(err.key).toBe(key);
    expect(err.message.startsWith('gonio.json: ')).toBe(true);
    expect(err.message).toContain(message);
  });

  it('a text that is not a string (PoniError)', () => {
    expect(() => GoniometerModel.fromJson(42 as unknown as string)).toThrow(PoniError);
  });

  it.each([
    [Number.NaN, 'position must be a finite number (pos) for the goniometer model of gonio.json; got NaN'],
    [[1, 2], 'position must be a finite number (pos) for the goniometer model of gonio.json; got [1, 2]'],
    ['12' as unknown as number, 'got "12"'],
  ])('a position %j that is not one finite number per motor (ArgumentError)', (position, message) => {
    const model = GoniometerModel.fromJson(lab6.text, 'gonio.json');
    expect(() => model.transform(position)).toThrow(ArgumentError);
    expect(() => model.transform(position)).toThrow(message);
  });

  it('a position of the wrong number of motors for a two-motor model (ArgumentError)', () => {
    const model = GoniometerModel.fromJson(twoAxes, 'two.json');
    expect(() => model.geometry(10)).toThrow('position must be 2 finite numbers (tth, dz) for the goniometer model of two.json; got 10');
  });

  it('a position where an expression is not finite, and a geometry whose distance is not positive (ArgumentError)', () => {
    const model = GoniometerModel.fromJson(modelWith((d) => ((d.trans_function.dist_expr = 'dist / pos'), (d.trans_function.rot1_expr = 'log(pos + 1)'))), 'gonio.json');
    expect(model.transform(2).dist).toBe(0.918352721976438 / 2);
    expect(() => model.transform(0)).toThrow(ArgumentError);
    expect(() => model.transform(0)).toThrow('position 0: dist_expr "dist / pos" of gonio.json is Infinity at pos = 0, not a finite number');
    expect(() => model.transform(-2)).toThrow('rot1_expr "log(pos + 1)" of gonio.json is NaN at pos = -2');
    expect(model.transform(-0.5).dist).toBeLessThan(0);
    expect(() => model.geometry(-0.5)).toThrow('position -0.5: dist_expr "dist / pos" of gonio.json gives the distance -1.836705443952876 m there; a geometry needs a positive one');
  });
});
