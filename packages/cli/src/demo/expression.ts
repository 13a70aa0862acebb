/**
 * The arithmetic expressions of pyFAI's goniometer models (`"rot2_scale * pos + rot2_offset"`):
 * numbers, names, `+ - * /`, unary minus and parentheses. Anything else is refused with the
 * expression and the place, rather than guessed.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';

/** A parsed expression: its value for the given names. */
export type Expression = (names: Readonly<Record<string, number>>) => number;

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*)|([-+*/()]))/y;

interface Token {
  readonly kind: 'number' | 'name' | 'operator';
  readonly text: string;
  readonly at: number;
}

function tokenize(text: string, fail: (why: string) => never): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) fail(`unexpected character at ${at}: ${JSON.stringify(text.slice(at).trimStart()[0])}`);
    const [, number, name, operator] = match;
    if (number !== undefined) tokens.push({ kind: 'number', text: number, at });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name, at });
    else tokens.push({ kind: 'operator', text: operator!, at });
  }
  return tokens;
}

/**
 * Parses `text` once; the returned function evaluates it for a set of names. A name missing at
 * evaluation is an error naming it.
 *
 * @param what - how errors name the expression (`'rot2_expr'`)
 * @throws ArgumentError with `what`, the text and the reason for anything that is not plain
 * arithmetic (and, from the returned function, for a name it is not given).
 * @example
 * ```ts
 * const rot2 = parseExpression('rot2_scale * pos + rot2_offset', 'rot2_expr');
 * rot2({ rot2_scale: 0.01745, pos: 26.76, rot2_offset: -0.0006 }); // 0.4665...
 * ```
 */
export function parseExpression(text: string, what: string): Expression {
  const fail = (why: string): never => {
    throw new ArgumentError(`${what} ${JSON.stringify(text)} is not an arithmetic expression of names and numbers: ${why}`);
  };
  if (typeof text !== 'string') fail('it is not a string');
  const tokens = tokenize(text, fail);
  let next = 0;
  const peek = (): Token | undefined => tokens[next];
  const expect = (operator: string) => {
    const token = tokens[next++];
    if (token?.text !== operator) fail(`expected ${JSON.stringify(operator)} at ${token?.at ?? text.length}`);
  };

  function sum(): Expression {
    let left = product();
    for (let token = peek(); token?.text === '+' || token?.text === '-'; token = peek()) {
      next++;
      const a = left;
      const b = product();
      left = token.text === '+' ? (n) => a(n) + b(n) : (n) => a(n) - b(n);
    }
    return left;
  }

  function product(): Expression {
    let left = factor();
    for (let token = peek(); token?.text === '*' || token?.text === '/'; token = peek()) {
      next++;
      const a = left;
      const b = factor();
      left = token.text === '*' ? (n) => a(n) * b(n) : (n) => a(n) / b(n);
    }
    return left;
  }

  function factor(): Expression {
    const token = tokens[next++];
    if (token === undefined) return fail('it ends too early');
    if (token.kind === 'number') {
      const value = Number(token.text);
      return () => value;
    }
    if (token.kind === 'name') {
      const name = token.text;
      return (names) => {
        const value = Object.hasOwn(names, name) ? names[name] : undefined;
        if (value === undefined) throw new ArgumentError(`${what} ${JSON.stringify(text)} uses ${JSON.stringify(name)}, which is not a parameter, position or constant of the model`);
        return value;
      };
    }
    if (token.text === '-') {
      const inner = factor();
      return (n) => -inner(n);
    }
    if (token.text === '+') return factor();
    if (token.text === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    return fail(`unexpected ${JSON.stringify(token.text)} at ${token.at}`);
  }

  const expression = sum();
  if (next < tokens.length) fail(`unexpected ${JSON.stringify(tokens[next]!.text)} at ${tokens[next]!.at}`);
  return expression;
}
