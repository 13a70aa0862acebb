/**
 * Parser of the ICAT query subset the contract server understands: `SELECT [DISTINCT] o |
 * o.field | COUNT(o) FROM Entity o [[LEFT] JOIN path [AS] a ...] [WHERE cond] [ORDER BY ...]
 * [INCLUDE ...] [LIMIT off, n]` and the concise grammar `[off, n] Entity[.field] [cond] <->
 * Entity [cond] ... [INCLUDE ...]`. Errors are ICAT `BAD_PARAMETER`s with an offset. Test
 * support only.
 *
 * @module
 */
import { IcatServerError, schemaOf } from './icat-store.js';

type Token =
  | { t: 'id'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'ts'; v: number; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

/**
 * A literal or a path in a condition.
 *
 * @example
 * ```ts
 * const o: Operand = { kind: 'path', path: ['o', 'name'] };
 * ```
 */
export type Operand = { kind: 'value'; value: unknown } | { kind: 'path'; path: string[] };

/**
 * A WHERE condition.
 *
 * @example
 * ```ts
 * const c: Cond = { kind: 'null', path: ['o', 'doi'], negate: true };
 * ```
 */
export type Cond =
  | { kind: 'and' | 'or'; parts: Cond[] }
  | { kind: 'not'; part: Cond }
  | { kind: 'cmp'; op: string; left: Operand; right: Operand }
  | { kind: 'like'; path: string[]; pattern: string; negate: boolean }
  | { kind: 'in'; path: string[]; values: unknown[]; negate: boolean }
  | { kind: 'null'; path: string[]; negate: boolean }
  | { kind: 'between'; path: string[]; low: Operand; high: Operand; negate: boolean };

/**
 * A parsed query.
 *
 * @example
 * ```ts
 * const q: ParsedQuery = parseQuery('SELECT o FROM Dataset o');
 * ```
 */
export interface ParsedQuery {
  select: { kind: 'entity' | 'field' | 'count'; path: string[]; distinct: boolean };
  entity: string;
  alias: string;
  joins: { path: string[]; alias: string; left: boolean }[];
  where: Cond | undefined;
  order: { path: string[]; desc: boolean }[];
  /** Include paths from the root alias; `'all'` for `INCLUDE 1`. */
  include: string[][] | 'all';
  limit: { offset: number; count: number } | undefined;
}

const KEYWORDS = new Set([
  'SELECT', 'DISTINCT', 'FROM', 'JOIN', 'LEFT', 'OUTER', 'INNER', 'AS', 'WHERE', 'AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS',
  'NULL', 'BETWEEN', 'ORDER', 'BY', 'ASC', 'DESC', 'INCLUDE', 'LIMIT', 'COUNT', 'TRUE', 'FALSE',
]);

function bad(message: string, at: number): IcatServerError {
  return new IcatServerError('BAD_PARAMETER', `${message} at offset ${at}`, at);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw bad('Unterminated string literal', i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ t: 'str', v: value, at: i });
      i = j + 1;
    } else if (text.startsWith('{ts', i)) {
      const end = text.indexOf('}', i);
      if (end < 0) throw bad('Unterminated timestamp literal', i);
      const raw = text.slice(i + 3, end).trim();
      const ms = Date.parse(raw.replace(' ', 'T') + 'Z');
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(raw) || Number.isNaN(ms)) throw bad(`Bad timestamp literal {ts ${raw}}`, i);
      tokens.push({ t: 'ts', v: ms, at: i });
      i = end + 1;
    } else {
      const rest = text.slice(i);
      const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
      const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest);
      const op = /^(<->|<=|>=|<>|!=|=|<|>|\(|\)|,|\[|\])/.exec(rest);
      if (num && !(c === '-' && tokens.length > 0 && tokens[tokens.length - 1]?.t !== 'op')) {
        tokens.push({ t: 'num', v: Number(num[0]), at: i });
        i += num[0].length;
      } else if (id) {
        tokens.push({ t: 'id', v: id[0], at: i });
        i += id[0].length;
      } else if (op) {
        tokens.push({ t: 'op', v: op[0], at: i });
        i += op[0].length;
      } else {
        throw bad(`Unexpected character '${c}'`, i);
      }
    }
  }
  tokens.push({ t: 'end', at: text.length });
  return tokens;
}

class Parser {
  #pos = 0;
  constructor(
    readonly tokens: Token[],
    /** Prefix for bare field names (concise grammar conditions). */
    public implicitAlias: string | undefined = undefined,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.#pos + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.t !== 'end') this.#pos++;
    return token;
  }

  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.t === 'id' && token.v.toUpperCase() === word;
  }

  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.#pos++;
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw bad(`Expected ${word} but found ${describe(this.peek())}`, this.peek().at);
  }

  isOp(op: string): boolean {
    const token = this.peek();
    return token.t === 'op' && token.v === op;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.#pos++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw bad(`Expected '${op}' but found ${describe(this.peek())}`, this.peek().at);
  }

  name(what: string): string {
    const token = this.next();
    if (token.t !== 'id' || token.v.includes('.') || KEYWORDS.has(token.v.toUpperCase())) {
      throw bad(`Expected ${what} but found ${describe(token)}`, token.at);
    }
    return token.v;
  }

  path(what = 'a path'): string[] {
    const token = this.next();
    if (token.t !== 'id' || KEYWORDS.has(token.v.toUpperCase())) throw bad(`Expected ${what} but found ${describe(token)}`, token.at);
    const parts = token.v.split('.');
    return this.implicitAlias === undefined ? parts : [this.implicitAlias, ...parts];
  }

  integer(what: string): number {
    const token = this.next();
    if (token.t !== 'num' || !Number.isInteger(token.v) || token.v < 0) throw bad(`Expected ${what} but found ${describe(token)}`, token.at);
    return token.v;
  }

  condition(): Cond {
    const parts = [this.conjunction()];
    while (this.acceptKeyword('OR')) parts.push(this.conjunction());
    return parts.length === 1 ? (parts[0] as Cond) : { kind: 'or', parts };
  }

  conjunction(): Cond {
    const parts = [this.negation()];
    while (this.acceptKeyword('AND')) parts.push(this.negation());
    return parts.length === 1 ? (parts[0] as Cond) : { kind: 'and', parts };
  }

  negation(): Cond {
    if (this.acceptKeyword('NOT')) return { kind: 'not', part: this.negation() };
    if (this.acceptOp('(')) {
      const inner = this.condition();
      this.expectOp(')');
      return inner;
    }
    return this.comparison();
  }

  comparison(): Cond {
    const path = this.path();
    if (this.acceptKeyword('IS')) {
      const negate = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'null', path, negate };
    }
    const negate = this.acceptKeyword('NOT');
    if (this.acceptKeyword('LIKE')) {
      const token = this.next();
      if (token.t !== 'str') throw bad(`Expected a string after LIKE but found ${describe(token)}`, token.at);
      return { kind: 'like', path, pattern: token.v, negate };
    }
    if (this.acceptKeyword('IN')) {
      this.expectOp('(');
      const values: unknown[] = [];
      do {
        const operand = this.operand();
        if (operand.kind !== 'value') throw bad('IN takes literals only', this.peek().at);
        values.push(operand.value);
      } while (this.acceptOp(','));
      this.expectOp(')');
      return { kind: 'in', path, values, negate };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.operand();
      this.expectKeyword('AND');
      return { kind: 'between', path, low, high: this.operand(), negate };
    }
    if (negate) throw bad(`Expected LIKE, IN or BETWEEN after NOT but found ${describe(this.peek())}`, this.peek().at);
    const token = this.next();
    if (token.t !== 'op' || !['=', '<>', '!=', '<', '>', '<=', '>='].includes(token.v)) {
      throw bad(`Expected a comparison operator but found ${describe(token)}`, token.at);
    }
    return { kind: 'cmp', op: token.v === '!=' ? '<>' : token.v, left: { kind: 'path', path }, right: this.operand() };
  }

  operand(): Operand {
    const token = this.peek();
    if (token.t === 'str' || token.t === 'num' || token.t === 'ts') {
      this.next();
      return { kind: 'value', value: token.t === 'ts' ? new Date(token.v) : token.v };
    }
    if (this.acceptKeyword('TRUE')) return { kind: 'value', value: true };
    if (this.acceptKeyword('FALSE')) return { kind: 'value', value: false };
    if (this.acceptKeyword('NULL')) return { kind: 'value', value: null };
    if (token.t === 'id' && !KEYWORDS.has(token.v.toUpperCase())) return { kind: 'path', path: this.path() };
    throw bad(`Expected a value but found ${describe(token)}`, token.at);
  }
}

function describe(token: Token): string {
  if (token.t === 'end') return 'the end of the query';
  if (token.t === 'str') return `'${token.v}'`;
  return `'${String(token.v)}'`;
}

function parseTail(p: Parser, query: ParsedQuery): void {
  let sawInclude = false;
  let sawLimit = false;
  for (;;) {
    if (!sawInclude && p.acceptKeyword('INCLUDE')) {
      sawInclude = true;
      if (p.peek().t === 'num') {
        const one = p.integer('1');
        if (one !== 1) throw bad('INCLUDE takes 1 or paths', p.peek().at);
        query.include = 'all';
        continue;
      }
      const aliases = new Map<string, string[]>([[query.alias, []]]);
      const include: string[][] = [];
      do {
        const path = p.path('an include path');
        const head = path[0] as string;
        const base = aliases.get(head);
        if (!base) throw bad(`Unknown alias ${head} in INCLUDE`, p.peek().at);
        const full = [...base, ...path.slice(1)];
        include.push(full);
        if (p.acceptKeyword('AS')) aliases.set(p.name('an alias'), full);
      } while (p.acceptOp(','));
      query.include = include;
    } else if (!sawLimit && p.acceptKeyword('LIMIT')) {
      sawLimit = true;
      const offset = p.integer('a LIMIT offset');
      p.expectOp(',');
      query.limit = { offset, count: p.integer('a LIMIT count') };
    } else {
      break;
    }
  }
  const rest = p.peek();
  if (rest.t !== 'end') throw bad(`Unexpected ${describe(rest)}`, rest.at);
}

/** A query with no joins, condition, order or includes yet, which the parsers then fill. */
function newQuery(select: ParsedQuery['select'], entity: string, alias: string, limit: ParsedQuery['limit']): ParsedQuery {
  return { select, entity, alias, joins: [], where: undefined, order: [], include: [], limit };
}

function parseSelect(p: Parser): ParsedQuery {
  p.expectKeyword('SELECT');
  let distinct = p.acceptKeyword('DISTINCT');
  let kind: ParsedQuery['select']['kind'] = 'entity';
  let selected: string[];
  if (p.isKeyword('COUNT')) {
    p.next();
    p.expectOp('(');
    distinct = p.acceptKeyword('DISTINCT') || distinct;
    selected = p.path();
    p.expectOp(')');
    kind = 'count';
  } else {
    selected = p.path('a selection');
    if (selected.length > 1) kind = 'field';
  }
  p.expectKeyword('FROM');
  const entity = p.name('an entity name');
  schemaOf(entity);
  p.acceptKeyword('AS');
  const alias = p.name('an alias');
  const query = newQuery({ kind, path: selected, distinct }, entity, alias, undefined);
  if (selected[0] !== alias) throw bad(`Unknown alias ${selected[0]} in SELECT`, 0);
  for (;;) {
    let left = false;
    let prefixed = false;
    if (p.acceptKeyword('LEFT')) {
      left = true;
      prefixed = true;
      p.acceptKeyword('OUTER');
    } else if (p.acceptKeyword('INNER')) {
      prefixed = true;
    }
    if (!p.acceptKeyword('JOIN')) {
      if (prefixed) throw bad(`Expected JOIN but found ${describe(p.peek())}`, p.peek().at);
      break;
    }
    const path = p.path('a join path');
    p.acceptKeyword('AS');
    query.joins.push({ path, alias: p.name('an alias'), left });
  }
  if (p.acceptKeyword('WHERE')) query.where = p.condition();
  if (p.acceptKeyword('ORDER')) {
    p.expectKeyword('BY');
    do {
      const path = p.path('an ORDER BY path');
      const desc = p.acceptKeyword('DESC');
      if (!desc) p.acceptKeyword('ASC');
      query.order.push({ path, desc });
    } while (p.acceptOp(','));
  }
  parseTail(p, query);
  return query;
}

/** The relation field of `from` that leads to entity `to` (to-one first), or undefined. */
function relationTo(from: string, to: string): string | undefined {
  const schema = schemaOf(from);
  for (const [field, target] of Object.entries(schema.one)) if (target === to) return field;
  for (const [field, [child]] of Object.entries(schema.many)) if (child === to) return field;
  return undefined;
}

function parseConcise(p: Parser): ParsedQuery {
  let limit: ParsedQuery['limit'];
  if (p.acceptOp('[')) {
    const offset = p.integer('an offset');
    p.expectOp(',');
    limit = { offset, count: p.integer('a count') };
    p.expectOp(']');
  }
  const distinct = p.acceptKeyword('DISTINCT');
  const head = p.path('an entity name');
  const entity = head[0] as string;
  schemaOf(entity);
  const alias = 'o';
  const query = newQuery({ kind: head.length > 1 ? 'field' : 'entity', path: [alias, ...head.slice(1)], distinct }, entity, alias, limit);
  const conditions: Cond[] = [];
  const readCondition = (current: string): void => {
    if (!p.acceptOp('[')) return;
    p.implicitAlias = current;
    conditions.push(p.condition());
    p.implicitAlias = undefined;
    p.expectOp(']');
  };
  readCondition(alias);
  const seen: [string, string][] = [[entity, alias]];
  while (p.acceptOp('<->')) {
    const token = p.peek();
    const target = p.name('an entity name');
    schemaOf(target);
    const from = seen.find(([name]) => relationTo(name, target) !== undefined);
    if (!from) throw bad(`No relationship from ${seen.map(([n]) => n).join(', ')} to ${target}`, token.at);
    const joinAlias = `a${seen.length}`;
    query.joins.push({ path: [from[1], relationTo(from[0], target) as string], alias: joinAlias, left: false });
    seen.push([target, joinAlias]);
    readCondition(joinAlias);
  }
  if (query.joins.length > 0) query.select.distinct = true;
  if (conditions.length > 0) query.where = conditions.length === 1 ? conditions[0] : { kind: 'and', parts: conditions };
  if (p.acceptKeyword('INCLUDE')) {
    if (p.peek().t === 'num') {
      if (p.integer('1') !== 1) throw bad('INCLUDE takes 1 or entity names', p.peek().at);
      query.include = 'all';
    } else {
      const include: string[][] = [];
      do {
        const token = p.peek();
        const target = p.name('an entity name');
        const field = relationTo(entity, target);
        if (field === undefined) throw bad(`No relationship from ${entity} to ${target}`, token.at);
        include.push([field]);
      } while (p.acceptOp(','));
      query.include = include;
    }
  }
  const rest = p.peek();
  if (rest.t !== 'end') throw bad(`Unexpected ${describe(rest)}`, rest.at);
  return query;
}

/**
 * Parses a JPQL-subset or concise query.
 *
 * @example
 * ```ts
 * parseQuery("SELECT o FROM Dataset o WHERE o.name = 'x' LIMIT 0, 10").limit; // { offset: 0, count: 10 }
 * ```
 */
export function parseQuery(text: string): ParsedQuery {
  const tokens = tokenize(text);
  const p = new Parser(tokens);
  if (p.isKeyword('SELECT')) return parseSelect(p);
  return parseConcise(p);
}
