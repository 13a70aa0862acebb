/**
 * The expression evaluator against pyFAI 0.21's own evaluation (numexpr, through
 * GeometryTransformation; scripts/fixtures/integrate/goniometer.py), and its refusals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_FUNCTIONS } from './expression.js';

interface ExpressionCase {
  expression: string;
  names: Record<string, number>;
  value: number;
}

const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/goniometer.json', import.meta.url), 'utf8')) as { expressions: ExpressionCase[] };

const fail = (why: string): never => {
  throw new Error(why);
};

function evaluate(text: string, names: Record<string, number>): number {
  return compileExpression(text, Object.keys(names), fail)(Object.values(names));
}

describe('compileExpression', () => {
  // both are float64 arithmetic; the libm functions of numpy and V8 may differ by an ulp or two.
  // pi is one of pyFAI's variables, as the goniometer model defines it.
  it.each(fixture.expressions.map((c) => [c.expression, c] as const))('evaluates %s as pyFAI does (1e-12 relative)', (_, c) => {
    const value = evaluate(c.expression, { ...c.names, pi: Math.PI });
    expect(Math.abs(value - c.value)).toBeLessThanOrEqual(1e-12 * Math.abs(c.value));
  });

  it("calls every one of numexpr's real functions in the fixture", () => {
    const called = new Set(fixture.expressions.flatMap((c) => [...c.expression.matchAll(/([a-z_]\w*)\s*\(/g)].map((m) => m[1])));
    expect([...called].sort()).toEqual([...EXPRESSION_FUNCTIONS].sort());
  });

  it("follows Python's precedence: ** binds tighter than unary minus on its left, is right-associative, and takes a signed exponent", () => {
    expect(evaluate('-x ** 2', { x: 3 })).toBe(-9);
    expect(evaluate('x ** 3 ** 2', { x: 2 })).toBe(512);
    expect(evaluate('x ** -1', { x: 4 })).toBe(0.25);
    expect(evaluate('x - x - x', { x: 1 })).toBe(-1);
    expect(evaluate('x / 2 / 2', { x: 1 })).toBe(0.25);
  });

  it.each([
    ['a +', 'it ends too early'],
    ['', 'it ends too early'],
    ['(a + b', 'it ends too early'],
    ['a b', 'unexpected "b" at character 2'],
    ['a % b', 'it has "%" at character 2'],
    ['a < b', 'it has "<" at character 2'],
    ['a // b', 'unexpected "/" at character 3'],
    ['1j', 'unexpected "j" at character 1'],
    ['a * z', 'it uses "z" at character 4, which is not a parameter, position or constant of the model (a, b)'],
    ['sin', 'it uses "sin" at character 0'],
    ['where(a, b, a)', 'it calls "where" at character 0, which is not one of the functions'],
    ['a(1)', 'it calls "a" at character 0'],
    ['arctan2(a)', 'it calls arctan2 at character 0 with 1 argument; arctan2 takes 2'],
    ['sin(a, b)', 'it calls sin at character 0 with 2 arguments; sin takes 1'],
    ['sin()', 'it calls sin at character 0 with 0 arguments'],
    ['sin(a,)', 'unexpected ")" at character 6'],
  ])('refuses %j: %s', (text, why) => {
    expect(() => compileExpression(text, ['a', 'b'], fail)).toThrow(why);
  });
});
