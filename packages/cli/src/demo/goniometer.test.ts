/**
 * The goniometer model reader: pyFAI's GeometryTransformation expressions evaluated as written,
 * and every malformed model refused with the source, the key and the reason (exit status 4).
 * pyFAI's own evaluation of the bundled model is compared in pyfai-reference.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../framework/cli-error.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { parseExpression } from './expression.js';
import { parseGoniometerModel } from './goniometer.js';

const MODEL = {
  content: 'Goniometer calibration v1.1',
  detector: 'Pilatus 300kw',
  pixel1: 0.000172,
  pixel2: 0.000172,
  wavelength: 1e-10,
  param: [0.9, 0.01, 0.1, -0.06, 4e-5, -0.0006, 0.0175, -1e-10, 2e-10],
  param_names: ['dist', 'poni1', 'poni2', 'rot1', 'rot1_scale', 'rot2_offset', 'rot2_scale', 'rot3', 'rot3_scale'],
  pos_names: ['pos'],
  trans_function: {
    content: 'GeometryTransformation',
    param_names: ['dist', 'poni1', 'poni2', 'rot1', 'rot1_scale', 'rot2_offset', 'rot2_scale', 'rot3', 'rot3_scale'],
    pos_names: ['pos'],
    dist_expr: 'dist',
    poni1_expr: 'poni1',
    poni2_expr: 'poni2',
    rot1_expr: 'rot1_scale * pos + rot1',
    rot2_expr: 'rot2_scale * pos + rot2_offset',
    rot3_expr: 'rot3_scale * pos + rot3',
    constants: { pi: Math.PI },
  },
};

function withChange(change: (model: typeof MODEL & Record<string, unknown>) => void): string {
  const model = structuredClone(MODEL) as typeof MODEL & Record<string, unknown>;
  change(model);
  return JSON.stringify(model);
}

function failure(text: string): CliError {
  try {
    parseGoniometerModel(text, 'scan.nxs::/model');
  } catch (err) {
    return err as CliError;
  }
  throw new Error('the model was accepted');
}

describe('parseExpression', () => {
  it('follows arithmetic precedence, unary minus and parentheses', () => {
    const names = { a: 2, b: 3, c: 5 };
    expect(parseExpression('a + b * c', 'e')(names)).toBe(17);
    expect(parseExpression('(a + b) * c', 'e')(names)).toBe(25);
    expect(parseExpression('a - b - c', 'e')(names)).toBe(-6);
    expect(parseExpression('c / a / a', 'e')(names)).toBe(1.25);
    expect(parseExpression('-a * -b', 'e')(names)).toBe(6);
    expect(parseExpression('1.5e-3 * c + .5', 'e')(names)).toBeCloseTo(0.5075, 15);
  });

  it.each([
    ['a +', 'it ends too early'],
    ['a ** b', 'unexpected "*"'],
    ['sin(a)', 'unexpected "("'],
    ['a b', 'unexpected "b"'],
    ['(a + b', 'expected ")"'],
    ['a ^ b', 'unexpected character'],
    ['', 'it ends too early'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseExpression(text, 'rot1_expr')).toThrow(why);
  });

  it('names a name that is not given', () => {
    expect(() => parseExpression('a * z', 'rot1_expr')({ a: 1 })).toThrow('rot1_expr "a * z" uses "z"');
  });
});

describe('parseGoniometerModel', () => {
  it("gives each position pyFAI's linear geometry: rot = scale * pos + offset, the rest fixed", () => {
    const model = parseGoniometerModel(JSON.stringify(MODEL), 'model.json');
    const g = model.geometryAt(26.76);
    expect(g).toEqual({ dist: 0.9, poni1: 0.01, poni2: 0.1, rot1: 4e-5 * 26.76 + -0.06, rot2: 0.0175 * 26.76 + -0.0006, rot3: 2e-10 * 26.76 + -1e-10 });
    expect(model.detector).toBe('Pilatus 300kw');
    expect(model.wavelength).toBe(1e-10);
    expect(model.expressions.rot2).toBe('rot2_scale * pos + rot2_offset');
  });

  it('evaluates constants and the position name the model gives', () => {
    const text = withChange((m) => {
      m.trans_function.pos_names = ['tth'];
      m.trans_function.rot1_expr = 'rot1_scale * tth + rot1';
      m.trans_function.rot2_expr = 'tth * pi / 180';
      m.trans_function.rot3_expr = 'rot3';
    });
    expect(parseGoniometerModel(text, 'model.json').geometryAt(90).rot2).toBe((90 * Math.PI) / 180);
  });

  it.each([
    ['not JSON', 'not json at all', 'its text is not JSON'],
    ['another content', withChange((m) => (m.content = 'Detector calibration')), '"content" is "Detector calibration"'],
    ['a parameter that is not a number', withChange((m) => ((m.param as unknown[])[2] = 'x')), 'parameter "poni2" is "x"'],
    ['names and values of different lengths', withChange((m) => m.param.pop()), '"param_names" and "param" must be lists of the same length'],
    ['no wavelength', withChange((m) => delete (m as Record<string, unknown>).wavelength), '"wavelength" is undefined'],
    ['another transformation', withChange((m) => (m.trans_function.content = 'ExtendedTransformation')), 'must be a GeometryTransformation; got "ExtendedTransformation"'],
    ['two positions', withChange((m) => (m.trans_function.pos_names = ['a', 'b'])), '"pos_names" must name one motor position'],
    ['a missing expression', withChange((m) => delete (m.trans_function as Record<string, unknown>).rot3_expr), '"rot3_expr" is undefined'],
    ['an expression with a function', withChange((m) => (m.trans_function.rot1_expr = 'cos(pos)')), 'rot1_expr "cos(pos)" is not an arithmetic expression'],
    ['an unknown name', withChange((m) => (m.trans_function.rot2_expr = 'rot2_scal * pos')), 'rot2_expr "rot2_scal * pos" uses "rot2_scal"'],
    ['a division by zero', withChange((m) => (m.trans_function.dist_expr = 'dist / 0')), 'dist_expr gives Infinity'],
  ])('refuses %s, naming the source (exit status 4)', (_, text, message) => {
    const err = failure(text);
    expect(err).toBeInstanceOf(CliError);
    expect(err.exitCode).toBe(EXIT_CODES.badInput);
    expect(err.message).toContain('scan.nxs::/model is not a pyFAI goniometer model');
    expect(err.message).toContain(message);
  });
});
