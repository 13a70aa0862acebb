/**
 * JPQL text helpers: literals with values escaped, and the changes paging makes to a query
 * string (ORDER BY id, LIMIT), done with a scanner that skips string literals.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';

/**
 * A value that can appear as a JPQL literal.
 *
 * @example
 * ```ts
 * const v: JpqlValue = new Date();
 * ```
 */
export type JpqlValue = string | number | boolean | Date | null;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `value` as a JPQL literal: strings quoted with `'` doubled, finite numbers, TRUE/FALSE, NULL,
 * and dates as ICAT timestamp literals `{ts yyyy-mm-dd hh:mm:ss}` (UTC).
 *
 * @example
 * ```ts
 * jpqlLiteral("O'Brien"); // "'O''Brien'"
 * jpqlLiteral(new Date(Date.UTC(2020, 0, 2))); // '{ts 2020-01-02 00:00:00}'
 * ```
 */
export function jpqlLiteral(value: JpqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ArgumentError(`a JPQL number must be finite, got ${value}`);
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ArgumentError('a JPQL date must be a valid Date, got Invalid Date');
    const d = value;
    return `{ts ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}}`;
  }
  throw new ArgumentError(`a JPQL value must be a string, number, boolean, Date or null, got ${typeof value}`);
}

/** Top-level keywords of `query` (outside string literals): name → index of its first occurrence. */
function keywordPositions(query: string): Map<string, number> {
  const found = new Map<string, number>();
  const pattern = /'(?:[^']|'')*'|\b(ORDER\s+BY|INCLUDE|LIMIT|FROM)\b/gi;
  for (let m = pattern.exec(query); m !== null; m = pattern.exec(query)) {
    const word = m[1]?.toUpperCase().replace(/\s+/, ' ');
    if (word !== undefined && !found.has(word)) found.set(word, m.index);
  }
  return found;
}

/**
 * Whether `query` uses the concise (pre-JPQL) grammar, which does not start with SELECT.
 *
 * @example
 * ```ts
 * isConcise('Datafile <-> Dataset [id=42]'); // true
 * ```
 */
export function isConcise(query: string): boolean {
  return !/^\s*SELECT\b/i.test(query);
}

/**
 * One page of `query`: JPQL gets `ORDER BY <alias>.id` (or `, <alias>.id` after the caller's
 * order, as a tie-break) and `LIMIT offset, count`; the concise grammar gets `[offset, count]`
 * in front (its results come in id order). A query that already limits itself is refused.
 *
 * @example
 * ```ts
 * pageQuery('SELECT d FROM Dataset d INCLUDE d.datafiles', 20, 10);
 * // 'SELECT d FROM Dataset d ORDER BY d.id INCLUDE d.datafiles LIMIT 20, 10'
 * ```
 */
export function pageQuery(query: string, offset: number, count: number): string {
  const text = query.trim();
  if (isConcise(text)) {
    if (text.startsWith('[')) throw new ArgumentError(`query must not have its own [offset, count] when paged, got ${JSON.stringify(query)}`);
    return `[${offset}, ${count}] ${text}`;
  }
  const positions = keywordPositions(text);
  if (positions.has('LIMIT')) throw new ArgumentError(`query must not have its own LIMIT when paged, got ${JSON.stringify(query)}`);
  const from = positions.get('FROM');
  const alias = from === undefined ? undefined : /^FROM\s+\w+\s+(?:AS\s+)?(\w+)/i.exec(text.slice(from))?.[1];
  if (alias === undefined) throw new ArgumentError(`query must have FROM <Entity> <alias>, got ${JSON.stringify(query)}`);
  const include = positions.get('INCLUDE');
  const head = include === undefined ? text : text.slice(0, include).trimEnd();
  const tail = include === undefined ? '' : ` ${text.slice(include)}`;
  const ordered = positions.has('ORDER BY')
    ? new RegExp(`\\b${alias}\\.id\\b`).test(head.slice(positions.get('ORDER BY')))
      ? head
      : `${head}, ${alias}.id`
    : `${head} ORDER BY ${alias}.id`;
  return `${ordered}${tail} LIMIT ${offset}, ${count}`;
}
