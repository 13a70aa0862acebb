/**
 * A typed builder of ICAT JPQL queries: `SELECT [DISTINCT] o FROM Entity o [JOIN ...] [WHERE
 * ...] [ORDER BY ...] [INCLUDE ...] [LIMIT off, n]`, with every value escaped.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { jpqlLiteral } from './jpql.js';
import type { JpqlValue } from './jpql.js';

/**
 * Entity types of the ICAT schema (6.2).
 *
 * @example
 * ```ts
 * const entity: IcatEntityName = 'Dataset';
 * ```
 */
export type IcatEntityName =
  | 'Facility'
  | 'Investigation'
  | 'InvestigationUser'
  | 'InvestigationParameter'
  | 'InvestigationInstrument'
  | 'User'
  | 'Dataset'
  | 'DatasetParameter'
  | 'DatasetInstrument'
  | 'DatasetTechnique'
  | 'Datafile'
  | 'DatafileParameter'
  | 'DatafileFormat'
  | 'Sample'
  | 'SampleParameter'
  | 'SampleType'
  | 'ParameterType'
  | 'Instrument'
  | 'DataCollection'
  | 'DataCollectionDataset'
  | 'DataCollectionDatafile'
  | 'DataCollectionParameter'
  | 'Technique'
  | 'DataPublication'
  | 'DataPublicationUser'
  | 'Affiliation';

/**
 * Comparison operators of {@link IcatQuery.where}.
 *
 * @example
 * ```ts
 * const op: IcatOperator = 'LIKE';
 * ```
 */
export type IcatOperator = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'NOT LIKE' | 'IN' | 'NOT IN' | 'BETWEEN' | 'IS NULL' | 'IS NOT NULL';

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkPath(path: string, what: string): string {
  if (!PATH.test(path)) throw new ArgumentError(`${what} must be a dotted path like "o.investigation.name", got ${JSON.stringify(path)}`);
  return path;
}

/**
 * A JPQL query for ICAT, built step by step; `toString()` gives the text. The root alias is `o`
 * unless given. Builders are immutable: every method returns a new one.
 *
 * @example
 * ```ts
 * const q = icatQuery('Dataset')
 *   .join('o.investigation', 'i')
 *   .join('o.parameters', 'p')
 *   .join('p.type', 'pt')
 *   .where('i.name', '=', "O'Brien")
 *   .where('p.numericValue', '>', 5)
 *   .include('o.parameters AS p', 'p.type')
 *   .orderBy('o.name');
 * String(q); // SELECT DISTINCT o FROM Dataset o JOIN o.investigation AS i ... WHERE i.name = 'O''Brien' AND ...
 * ```
 */
export class IcatQuery {
  readonly entity: IcatEntityName;
  readonly alias: string;
  readonly #joins: readonly string[];
  readonly #conditions: readonly string[];
  readonly #order: readonly string[];
  readonly #includes: readonly string[];
  readonly #limit: readonly [number, number] | undefined;

  constructor(
    entity: IcatEntityName,
    alias = 'o',
    parts: { joins?: string[]; conditions?: string[]; order?: string[]; includes?: string[]; limit?: [number, number] } = {},
  ) {
    if (!NAME.test(entity)) throw new ArgumentError(`entity must be an ICAT entity name, got ${JSON.stringify(entity)}`);
    if (!NAME.test(alias)) throw new ArgumentError(`alias must be an identifier, got ${JSON.stringify(alias)}`);
    this.entity = entity;
    this.alias = alias;
    this.#joins = parts.joins ?? [];
    this.#conditions = parts.conditions ?? [];
    this.#order = parts.order ?? [];
    this.#includes = parts.includes ?? [];
    this.#limit = parts.limit;
  }

  #with(parts: { joins?: string[]; conditions?: string[]; order?: string[]; includes?: string[]; limit?: [number, number] }): IcatQuery {
    return new IcatQuery(this.entity, this.alias, {
      joins: [...this.#joins],
      conditions: [...this.#conditions],
      order: [...this.#order],
      includes: [...this.#includes],
      limit: this.#limit === undefined ? undefined : [...this.#limit],
      ...parts,
    });
  }

  /**
   * Adds `JOIN path AS alias` (`LEFT JOIN` when `left`).
   *
   * @example
   * ```ts
   * icatQuery('Datafile').join('o.dataset', 'ds');
   * ```
   */
  join(path: string, alias: string, options: { left?: boolean } = {}): IcatQuery {
    checkPath(path, 'join path');
    if (!NAME.test(alias)) throw new ArgumentError(`join alias must be an identifier, got ${JSON.stringify(alias)}`);
    return this.#with({ joins: [...this.#joins, `${options.left ? 'LEFT JOIN' : 'JOIN'} ${path} AS ${alias}`] });
  }

  /**
   * Adds a condition (conditions are joined with AND). `IN`/`NOT IN` take an array, `BETWEEN`
   * a pair, `IS NULL`/`IS NOT NULL` no value; every value is escaped.
   *
   * @example
   * ```ts
   * icatQuery('Dataset').where('o.name', 'LIKE', 'scan%').where('o.id', 'IN', [1, 2, 3]);
   * ```
   */
  where(path: string, op: IcatOperator, value?: JpqlValue | readonly JpqlValue[]): IcatQuery {
    checkPath(path, 'where path');
    let condition: string;
    if (op === 'IS NULL' || op === 'IS NOT NULL') {
      if (value !== undefined) throw new ArgumentError(`${op} takes no value, got ${JSON.stringify(value)}`);
      condition = `${path} ${op}`;
    } else if (op === 'IN' || op === 'NOT IN') {
      if (!Array.isArray(value) || value.length === 0) throw new ArgumentError(`${op} needs a non-empty array of values, got ${JSON.stringify(value)}`);
      condition = `${path} ${op} (${value.map((v: JpqlValue) => jpqlLiteral(v)).join(', ')})`;
    } else if (op === 'BETWEEN') {
      if (!Array.isArray(value) || value.length !== 2) throw new ArgumentError(`BETWEEN needs [low, high], got ${JSON.stringify(value)}`);
      condition = `${path} BETWEEN ${jpqlLiteral(value[0] as JpqlValue)} AND ${jpqlLiteral(value[1] as JpqlValue)}`;
    } else if (['=', '<>', '<', '<=', '>', '>=', 'LIKE', 'NOT LIKE'].includes(op)) {
      if (value === undefined || Array.isArray(value)) throw new ArgumentError(`${op} needs one value, got ${JSON.stringify(value)}`);
      condition = `${path} ${op} ${jpqlLiteral(value as JpqlValue)}`;
    } else {
      throw new ArgumentError(`op must be an ICAT operator, got ${JSON.stringify(op)}`);
    }
    return this.#with({ conditions: [...this.#conditions, condition] });
  }

  /**
   * Adds `ORDER BY path [DESC]`.
   *
   * @example
   * ```ts
   * icatQuery('Dataset').orderBy('o.startDate', 'DESC');
   * ```
   */
  orderBy(path: string, direction: 'ASC' | 'DESC' = 'ASC'): IcatQuery {
    checkPath(path, 'orderBy path');
    if (direction !== 'ASC' && direction !== 'DESC') throw new ArgumentError(`direction must be ASC or DESC, got ${JSON.stringify(direction)}`);
    return this.#with({ order: [...this.#order, direction === 'DESC' ? `${path} DESC` : path] });
  }

  /**
   * Adds INCLUDE paths (`'o.parameters AS p'`, `'p.type'`), or `1` for every to-one relation.
   *
   * @example
   * ```ts
   * icatQuery('Dataset').include('o.datafiles', 'o.investigation');
   * ```
   */
  include(...paths: (string | 1)[]): IcatQuery {
    for (const path of paths) {
      if (path === 1) continue;
      const [inner, alias, ...rest] = path.split(/\s+AS\s+/i);
      if (rest.length > 0 || (alias !== undefined && !NAME.test(alias))) throw new ArgumentError(`include must be "path" or "path AS alias", got ${JSON.stringify(path)}`);
      checkPath(inner ?? '', 'include path');
    }
    return this.#with({ includes: [...this.#includes, ...paths.map(String)] });
  }

  /**
   * Sets `LIMIT offset, count`.
   *
   * @example
   * ```ts
   * icatQuery('Dataset').limit(0, 100);
   * ```
   */
  limit(offset: number, count: number): IcatQuery {
    for (const [name, n] of [['offset', offset], ['count', count]] as const) {
      if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`limit ${name} must be an integer >= 0, got ${n}`);
    }
    return this.#with({ limit: [offset, count] });
  }

  /**
   * The JPQL text. `DISTINCT` is added when there are joins (a to-many join repeats rows).
   *
   * @example
   * ```ts
   * icatQuery('Instrument').toString(); // 'SELECT o FROM Instrument o'
   * ```
   */
  toString(): string {
    let text = `SELECT ${this.#joins.length > 0 ? 'DISTINCT ' : ''}${this.alias} FROM ${this.entity} ${this.alias}`;
    if (this.#joins.length > 0) text += ` ${this.#joins.join(' ')}`;
    if (this.#conditions.length > 0) text += ` WHERE ${this.#conditions.join(' AND ')}`;
    if (this.#order.length > 0) text += ` ORDER BY ${this.#order.join(', ')}`;
    if (this.#includes.length > 0) text += ` INCLUDE ${this.#includes.join(', ')}`;
    if (this.#limit !== undefined) text += ` LIMIT ${this.#limit[0]}, ${this.#limit[1]}`;
    return text;
  }
}

/**
 * Starts a query on `entity` with root alias `alias` (default `o`).
 *
 * @example
 * ```ts
 * const q = icatQuery('Datafile').join('o.dataset', 'ds').where('ds.id', '=', 42);
 * ```
 */
export function icatQuery(entity: IcatEntityName, alias = 'o'): IcatQuery {
  return new IcatQuery(entity, alias);
}
