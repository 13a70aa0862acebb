/**
 * SciCat filters: `where` (MongoDB query language), `fields` (projection) and `limits` (paging
 * and order), checked before they are sent and encoded as SciCat v3 or v4 expects
 * (v3 `limits.order: "field:desc"`, v4 `limits.sort: {field: "desc"}`); fullquery fields with
 * `text` (whole-word search) and scientific conditions.
 *
 * @example
 * ```ts
 * const filter: SciCatFilter = { where: { type: 'raw' }, fields: ['pid'], limits: { limit: 10, order: 'creationTime:desc' } };
 * encodeFilter(filter, 'v4'); // '{"where":{"type":"raw"},"fields":["pid"],"limits":{"limit":10,"sort":{"creationTime":"desc"}}}'
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';

/**
 * Paging and order. `order` is SciCat v3's `"field:asc|desc"` (several joined by commas); the
 * client turns it into v4's `sort` where needed.
 *
 * @example
 * ```ts
 * const limits: SciCatLimits = { limit: 25, skip: 50, order: 'creationTime:desc' };
 * ```
 */
export interface SciCatLimits {
  /** Page size (a positive integer; the server's default is 100). */
  limit?: number;
  /** Documents to skip (an integer >= 0). */
  skip?: number;
  /** `"field:asc"` or `"field:desc"`, several joined by commas. */
  order?: string;
}

/**
 * A SciCat filter.
 *
 * @example
 * ```ts
 * const filter: SciCatFilter = { where: { size: { $gt: 1e9 } }, limits: { limit: 10 } };
 * ```
 */
export interface SciCatFilter {
  /** A MongoDB-style condition (`{ type: 'raw', size: { $gt: 10 } }`). */
  where?: Record<string, unknown>;
  /** The fields to return (all when absent). */
  fields?: string[];
  /** Related documents to embed (v3 datasets: `[{ relation: 'origdatablocks' }]`). */
  include?: { relation: string }[];
  limits?: SciCatLimits;
}

/** Relations of a scientific condition, as SciCat's `ScientificRelation`. */
export type ScientificRelation = 'EQUAL_TO_STRING' | 'EQUAL_TO_NUMERIC' | 'GREATER_THAN' | 'LESS_THAN';

/**
 * A condition on `scientificMetadata.<lhs>`; with a `unit`, SciCat compares in SI units.
 *
 * @example
 * ```ts
 * const cond: ScientificCondition = { lhs: 'temperature', relation: 'GREATER_THAN', rhs: 20, unit: 'celsius' };
 * ```
 */
export interface ScientificCondition {
  lhs: string;
  relation: ScientificRelation;
  rhs: string | number;
  unit?: string;
}

/**
 * The `fields` of a fullquery: `text` matches whole words only (a MongoDB `$text` search),
 * arrays match any of their values, `{begin, end}` is a date range, `mode` a raw condition;
 * any other key is an equality.
 *
 * @example
 * ```ts
 * const fields: FullqueryFields = { text: 'lysozyme', type: ['raw'], scientific: [{ lhs: 'energy', relation: 'LESS_THAN', rhs: 12 }] };
 * ```
 */
export interface FullqueryFields {
  text?: string;
  scientific?: ScientificCondition[];
  mode?: Record<string, unknown>;
  [field: string]: unknown;
}

const RELATIONS: readonly string[] = ['EQUAL_TO_STRING', 'EQUAL_TO_NUMERIC', 'GREATER_THAN', 'LESS_THAN'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `[field, direction]` pairs of a v3 order string; throws when it is malformed. */
function parseOrder(order: string, name: string): [string, 'asc' | 'desc'][] {
  return order.split(',').map((part) => {
    const match = /^\s*([^:\s]+)\s*:\s*(asc|desc)\s*$/i.exec(part);
    if (match === null) throw new ArgumentError(`${name} must be "field:asc" or "field:desc" (comma-separated), got ${show(order)}`);
    return [match[1], match[2].toLowerCase() as 'asc' | 'desc'];
  });
}

/**
 * Checks `limits` (named `name` in messages) and throws {@link ArgumentError} when malformed.
 *
 * @example
 * ```ts
 * checkLimits({ limit: 0 }, 'filter.limits'); // throws: filter.limits.limit must be a positive integer, got 0
 * ```
 */
export function checkLimits(limits: unknown, name: string): asserts limits is SciCatLimits | undefined {
  if (limits === undefined) return;
  if (!isPlainObject(limits)) throw new ArgumentError(`${name} must be an object, got ${show(limits)}`);
  const { limit, skip, order, ...rest } = limits;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ArgumentError(`${name} has unknown keys ${show(unknown)} (allowed: limit, skip, order)`);
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) > 0)) {
    throw new ArgumentError(`${name}.limit must be a positive integer, got ${show(limit)}`);
  }
  if (skip !== undefined && !(Number.isInteger(skip) && (skip as number) >= 0)) {
    throw new ArgumentError(`${name}.skip must be an integer >= 0, got ${show(skip)}`);
  }
  if (order !== undefined) {
    if (typeof order !== 'string') throw new ArgumentError(`${name}.order must be a string, got ${show(order)}`);
    parseOrder(order, `${name}.order`);
  }
}

/**
 * Checks a filter (named `name` in messages) and throws {@link ArgumentError} when malformed.
 *
 * @example
 * ```ts
 * checkFilter({ where: 'type=raw' }, 'filter'); // throws: filter.where must be an object, got "type=raw"
 * ```
 */
export function checkFilter(filter: unknown, name: string): asserts filter is SciCatFilter | undefined {
  if (filter === undefined) return;
  if (!isPlainObject(filter)) throw new ArgumentError(`${name} must be an object, got ${show(filter)}`);
  const { where, fields, include, limits, ...rest } = filter;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ArgumentError(`${name} has unknown keys ${show(unknown)} (allowed: where, fields, include, limits)`);
  if (include !== undefined && !(Array.isArray(include) && include.every((i) => isPlainObject(i) && typeof i.relation === 'string' && i.relation !== ''))) {
    throw new ArgumentError(`${name}.include must be an array of {relation}, got ${JSON.stringify(include)}`);
  }
  if (where !== undefined && !isPlainObject(where)) throw new ArgumentError(`${name}.where must be an object, got ${show(where)}`);
  if (fields !== undefined && !(Array.isArray(fields) && fields.every((f) => typeof f === 'string' && f.length > 0))) {
    throw new ArgumentError(`${name}.fields must be an array of field names, got ${show(fields)}`);
  }
  checkLimits(limits, `${name}.limits`);
}

/**
 * Checks fullquery `fields` and throws {@link ArgumentError} when malformed.
 *
 * @example
 * ```ts
 * checkFullqueryFields({ scientific: [{ lhs: 't', relation: 'ABOUT', rhs: 1 }] }); // throws
 * ```
 */
export function checkFullqueryFields(fields: unknown): asserts fields is FullqueryFields {
  if (!isPlainObject(fields)) throw new ArgumentError(`fields must be an object, got ${show(fields)}`);
  if (fields.text !== undefined && typeof fields.text !== 'string') {
    throw new ArgumentError(`fields.text must be a string, got ${show(fields.text)}`);
  }
  if (fields.scientific !== undefined) {
    if (!Array.isArray(fields.scientific)) throw new ArgumentError(`fields.scientific must be an array, got ${show(fields.scientific)}`);
    fields.scientific.forEach((cond: unknown, i) => {
      const c = isPlainObject(cond) ? cond : {};
      if (typeof c.lhs !== 'string' || c.lhs === '' || !RELATIONS.includes(c.relation as string) || !(typeof c.rhs === 'string' || typeof c.rhs === 'number')) {
        throw new ArgumentError(`fields.scientific[${i}] must be {lhs, relation: ${RELATIONS.join('|')}, rhs: string|number, unit?}, got ${JSON.stringify(cond)}`);
      }
    });
  }
}

/**
 * The JSON of `limits` for SciCat `version` (v3 keeps `order`, v4 gets `sort`).
 *
 * @example
 * ```ts
 * encodeLimits({ order: 'size:desc' }, 'v4'); // { sort: { size: 'desc' } }
 * ```
 */
export function encodeLimits(limits: SciCatLimits, version: 'v3' | 'v4'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (limits.limit !== undefined) out.limit = limits.limit;
  if (limits.skip !== undefined) out.skip = limits.skip;
  if (limits.order !== undefined) {
    if (version === 'v3') out.order = limits.order;
    else out.sort = Object.fromEntries(parseOrder(limits.order, 'limits.order'));
  }
  return out;
}

/**
 * The `filter` query parameter for SciCat `version`.
 *
 * @example
 * ```ts
 * encodeFilter({ where: { isPublished: true }, limits: { limit: 5 } }, 'v3'); // '{"where":{"isPublished":true},"limits":{"limit":5}}'
 * ```
 */
export function encodeFilter(filter: SciCatFilter, version: 'v3' | 'v4'): string {
  const out: Record<string, unknown> = {};
  if (filter.where !== undefined) out.where = filter.where;
  if (filter.fields !== undefined) out.fields = filter.fields;
  if (filter.include !== undefined) out.include = filter.include;
  if (filter.limits !== undefined) out.limits = encodeLimits(filter.limits, version);
  return JSON.stringify(out);
}
