/**
 * The arithmetic of pyFAI's goniometer models: pyFAI hands each `*_expr` string of a
 * `GeometryTransformation` to numexpr, which parses it as Python. This evaluates the part of that
 * language a model of real numbers can use, with Python's precedence: numbers (`2`, `.5`, `1e-3`),
 * names, `+ - * / **`, unary `-` and `+`, parentheses, and numexpr's real functions of one
 * argument (`sin`, `arccos`, `log1p`, ...) or two (`arctan2`, `fmod`). Anything else (`%`, `//`,
 * comparisons, `where`, complex numbers) is refused with the place, rather than guessed.
 * Everything is float64, as numexpr computes with float parameters and positions.
 *
 * @module
 */

/**
 * A compiled expression: its value for the values of the names it was compiled with, in order.
 *
 * @example
 * ```ts
 * const f: CompiledExpression = compileExpression('a * b', ['a', 'b'], fail);
 * f([2, 3]); // 6
 * ```
 */
export type CompiledExpression = (values: ArrayLike<number>) => number;

type Node = CompiledExpression;

/** numexpr's real functions, by the name an expression calls them with. */
const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  abs: Math.abs,
  arccos: Math.acos,
  arccosh: Math.acosh,
  arcsin: Math.asin,
  arcsinh: Math.asinh,
  arctan: Math.atan,
  arctan2: Math.atan2,
  arctanh: Math.atanh,
  ceil: Math.ceil,
  cos: Math.cos,
  cosh: Math.cosh,
  exp: Math.exp,
  expm1: Math.expm1,
  floor: Math.floor,
  // C's fmod: the remainder has the sign of the dividend, as JavaScript's %
  fmod: (a, b) => a % b,
  log: Math.log,
  log10: Math.log10,
  log1p: Math.log1p,
  sin: Math.sin,
  sinh: Math.sinh,
  sqrt: Math.sqrt,
  tan: Math.tan,
  tanh: Math.tanh,
};

/**
 * The functions an expression may call (numexpr's real functions).
 *
 * @example
 * ```ts
 * EXPRESSION_FUNCTIONS.includes('arctan2'); // true
 * ```
 */
export const EXPRESSION_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);

const TOKEN = /\s*(?:((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/(),]))/y;

interface Token {
  readonly kind: 'number' | 'name' | 'operator';
  readonly text: string;
  /** 0-based character index in the expression. */
  readonly at: number;
}

function tokenize(text: string, fail: (reason: string) => never): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length && !/^\s*$/.test(text.slice(TOKEN.lastIndex))) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) {
      const at = start + (text.slice(start).length - text.slice(start).trimStart().length);
      fail(`it has ${JSON.stringify(text[at])} at character ${at}, which a goniometer model cannot use (numbers, names, + - * / **, parentheses and function calls only)`);
    }
    const [whole, number, name, operator] = match;
    const at = TOKEN.lastIndex - whole.trimStart().length;
    if (number !== undefined) tokens.push({ kind: 'number', text: number, at });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name, at });
    else tokens.push({ kind: 'operator', text: operator!, at });
  }
  return tokens;
}

/**
 * Parses `text` once into a function of the values of `names`. A name that is neither in `names`
 * nor a function followed by its arguments, and any syntax error, is reported through `fail`
 * with the reason (the expression itself is for the caller to name).
 *
 * @param names - the variables the expression may use; the compiled function takes their values
 * in this order
 * @param fail - throws the caller's error for a reason (`'it ends too early'`)
 * @example
 * ```ts
 * const rot2 = compileExpression('rot2_scale * pos + rot2_offset', ['rot2_scale', 'rot2_offset', 'pos'], (why) => { throw new Error(why); });
 * rot2([0.01745596, -0.00057709, 26.76]); // 0.4665...
 * ```
 */
export function compileExpression(text: string, names: readonly string[], fail: (reason: string) => never): CompiledExpression {
  const tokens = tokenize(text, fail);
  let next = 0;
  const where = (token: Token | undefined) => (token === undefined ? 'at the end' : `at character ${token.at}`);
  const unexpected = (token: Token | undefined): never =>
    token === undefined ? fail('it ends too early') : fail(`it has an unexpected ${JSON.stringify(token.text)} ${where(token)}`);
  const take = (operator: string): boolean => {
    if (tokens[next]?.text !== operator || tokens[next]?.kind !== 'operator') return false;
    next++;
    return true;
  };

  // Python's precedence: additive < multiplicative < unary < power (right-associative, whose
  // exponent may itself be unary: 2 ** -1, and -2 ** 2 is -(2 ** 2)).
  function additive(): Node {
    let left = multiplicative();
    for (;;) {
      const a = left;
      if (take('+')) {
        const b = multiplicative();
        left = (v) => a(v) + b(v);
      } else if (take('-')) {
        const b = multiplicative();
        left = (v) => a(v) - b(v);
      } else return left;
    }
  }

  function multiplicative(): Node {
    let left = unary();
    for (;;) {
      const a = left;
      if (take('*')) {
        const b = unary();
        left = (v) => a(v) * b(v);
      } else if (take('/')) {
        const b = unary();
        left = (v) => a(v) / b(v);
      } else return left;
    }
  }

  function unary(): Node {
    if (take('-')) {
      const inner = unary();
      return (v) => -inner(v);
    }
    if (take('+')) return unary();
    const base = primary();
    if (!take('**')) return base;
    const exponent = unary();
    return (v) => base(v) ** exponent(v);
  }

  function call(name: Token): Node {
    const fn = Object.hasOwn(FUNCTIONS, name.text) ? FUNCTIONS[name.text] : undefined;
    if (fn === undefined) {
      fail(`it calls ${JSON.stringify(name.text)} ${where(name)}, which is not one of the functions a goniometer model may call (${EXPRESSION_FUNCTIONS.join(', ')})`);
    }
    const args: Node[] = [];
    if (!take(')')) {
      do args.push(additive());
      while (take(','));
      if (!take(')')) unexpected(tokens[next]);
    }
    if (args.length !== fn!.length) {
      fail(`it calls ${name.text} ${where(name)} with ${args.length} argument${args.length === 1 ? '' : 's'}; ${name.text} takes ${fn!.length}`);
    }
    if (args.length === 1) {
      const [x] = args as [Node];
      return (v) => fn!(x(v));
    }
    const [x, y] = args as [Node, Node];
    return (v) => fn!(x(v), y(v));
  }

  function primary(): Node {
    const token = tokens[next++];
    if (token?.kind === 'number') {
      const value = Number(token.text);
      return () => value;
    }
    if (token?.kind === 'name') {
      if (take('(')) return call(token);
      const index = names.indexOf(token.text);
      if (index < 0) {
        fail(`it uses ${JSON.stringify(token.text)} ${where(token)}, which is not a parameter, position or constant of the model (${names.join(', ')})`);
      }
      return (v) => v[index]!;
    }
    if (token?.text === '(') {
      const inner = additive();
      if (!take(')')) unexpected(tokens[next]);
      return inner;
    }
    return unexpected(token);
  }

  const expression = additive();
  if (next < tokens.length) unexpected(tokens[next]);
  return expression;
}
