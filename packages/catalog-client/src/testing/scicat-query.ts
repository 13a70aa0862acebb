/**
 * SciCat's filter semantics for the contract server: the `filter` (where/fields/limits),
 * fullquery `fields` and `limits` query parameters, parsed as SciCat parses them and evaluated
 * with `mingo` (MongoDB's query language in memory), so that operators behave as MongoDB's.
 *
 * @example
 * ```ts
 * const filter = parseFilterParam('{"where":{"size":{"$gt":10}},"limits":{"limit":5}}', 'v3');
 * runFilter(datasets, filter);
 * ```
 * @module
 */
import { find } from 'mingo';

/** A JSON object as stored in the server's collections. */
export type Doc = Record<string, unknown>;

/** A parsed filter: a mongo `where`, a field list, and paging/sorting. */
export interface ParsedFilter {
  where: Doc;
  fields: string[] | undefined;
  limit: number;
  skip: number;
  sort: Record<string, 1 | -1>;
  /** Relations to embed (v3 `include: [{relation}]`). */
  include: string[];
}

/** Thrown for a request the server answers with 400 Bad Request. */
export class BadRequest extends Error {}

/** SciCat's default page size (`parseLimitFilters` in scicat-backend-next `src/common/utils.ts`). */
const DEFAULT_LIMIT = 100;

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest(`Invalid JSON in query parameter '${name}'`);
  }
}

function asObject(value: unknown, name: string): Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequest(`Query parameter '${name}' must be a JSON object`);
  }
  return value as Doc;
}

function direction(value: unknown): 1 | -1 {
  if (value === 'asc' || value === 1 || value === 'ASC') return 1;
  if (value === 'desc' || value === -1 || value === 'DESC') return -1;
  throw new BadRequest(`Invalid sort direction ${JSON.stringify(value)}`);
}

/**
 * Parses `limits`: v3 `{limit, skip, order: "field:desc"}`, v4 `{limit, skip, sort: {field: "asc"}}`.
 *
 * @example
 * ```ts
 * parseLimits({ limit: 5, order: 'size:desc' }, 'v3'); // → { limit: 5, skip: 0, sort: { size: -1 } }
 * ```
 */
export function parseLimits(value: unknown, version: 'v3' | 'v4'): Pick<ParsedFilter, 'limit' | 'skip' | 'sort'> {
  if (value === undefined) return { limit: DEFAULT_LIMIT, skip: 0, sort: {} };
  const limits = asObject(value, 'limits');
  const limit = limits.limit ?? DEFAULT_LIMIT;
  const skip = limits.skip ?? 0;
  if (!Number.isInteger(limit) || (limit as number) < 0 || !Number.isInteger(skip) || (skip as number) < 0) {
    throw new BadRequest('limits.limit and limits.skip must be non-negative integers');
  }
  const sort: Record<string, 1 | -1> = {};
  if (version === 'v3' && limits.order !== undefined) {
    if (typeof limits.order !== 'string') throw new BadRequest('limits.order must be a string "field:asc|desc"');
    for (const part of limits.order.split(',')) {
      const [field, dir = 'asc'] = part.split(':');
      sort[field.trim()] = direction(dir.trim());
    }
  }
  if (version === 'v4' && limits.sort !== undefined) {
    for (const [field, dir] of Object.entries(asObject(limits.sort, 'limits.sort'))) sort[field] = direction(dir);
  }
  return { limit: limit as number, skip: skip as number, sort };
}

function parseFields(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((f) => typeof f === 'string')) {
    throw new BadRequest("filter.fields must be an array of field names");
  }
  return value as string[];
}

function parseInclude(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new BadRequest('filter.include must be an array of {relation}');
  return value.map((item) => {
    const relation = asObject(item, 'filter.include[]').relation;
    if (typeof relation !== 'string') throw new BadRequest('filter.include[] must be {relation: string}');
    return relation;
  });
}

/**
 * Parses the `filter` query parameter (absent → everything, first 100).
 *
 * @example
 * ```ts
 * parseFilterParam('{"where":{"type":"raw"}}', 'v3').where; // → { type: 'raw' }
 * ```
 */
export function parseFilterParam(text: string | null, version: 'v3' | 'v4'): ParsedFilter {
  if (text === null || text === '') return { where: {}, fields: undefined, limit: DEFAULT_LIMIT, skip: 0, sort: {}, include: [] };
  const filter = asObject(parseJson(text, 'filter'), 'filter');
  const where = filter.where === undefined ? {} : asObject(filter.where, 'filter.where');
  return { where, fields: parseFields(filter.fields), ...parseLimits(filter.limits, version), include: parseInclude(filter.include) };
}

/** String fields the `$text` index covers in the contract server. */
const TEXT_FIELDS = ['datasetName', 'description', 'keywords', 'creationLocation', 'principalInvestigator', 'title', 'abstract'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** MongoDB `$text` semantics: any of the words, whole words only, case-insensitive. */
function textCondition(search: unknown): Doc {
  if (typeof search !== 'string') throw new BadRequest("fields.text must be a string");
  const words = search.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return {};
  const alternatives = words.flatMap((word) =>
    TEXT_FIELDS.map((field) => ({ [field]: { $regex: `(^|[^\\p{L}\\p{N}_])${escapeRegExp(word)}($|[^\\p{L}\\p{N}_])`, $options: 'iu' } })),
  );
  return { $or: alternatives };
}

const SCIENTIFIC_OPERATORS: Record<string, string> = {
  EQUAL_TO_STRING: '$eq',
  EQUAL_TO_NUMERIC: '$eq',
  GREATER_THAN: '$gt',
  LESS_THAN: '$lt',
};

/** A scientific condition as SciCat's `mapScientificQuery` maps it (`.value`, or `.valueSI`/`.unitSI` with a unit). */
function scientificConditions(list: unknown): Doc[] {
  if (!Array.isArray(list)) throw new BadRequest('fields.scientific must be an array');
  return list.map((item) => {
    const { lhs, relation, rhs, unit } = asObject(item, 'fields.scientific[]');
    const op = typeof relation === 'string' ? SCIENTIFIC_OPERATORS[relation] : undefined;
    if (typeof lhs !== 'string' || op === undefined) {
      throw new BadRequest(`Invalid scientific condition ${JSON.stringify(item)}`);
    }
    if (typeof unit === 'string' && unit.length > 0 && relation !== 'EQUAL_TO_STRING') {
      const { valueSI, unitSI } = toSI(Number(rhs), unit);
      return { [`scientificMetadata.${lhs}.valueSI`]: { [op]: valueSI }, [`scientificMetadata.${lhs}.unitSI`]: { $eq: unitSI } };
    }
    return { [`scientificMetadata.${lhs}.value`]: { [op]: rhs } };
  });
}

/** The few unit conversions the contract server knows (SciCat uses mathjs); others pass unchanged. */
const SI_UNITS: Record<string, { factor: number; offset: number; unit: string }> = {
  K: { factor: 1, offset: 0, unit: 'K' },
  mK: { factor: 1e-3, offset: 0, unit: 'K' },
  celsius: { factor: 1, offset: 273.15, unit: 'K' },
  degC: { factor: 1, offset: 273.15, unit: 'K' },
  m: { factor: 1, offset: 0, unit: 'm' },
  mm: { factor: 1e-3, offset: 0, unit: 'm' },
  nm: { factor: 1e-9, offset: 0, unit: 'm' },
  angstrom: { factor: 1e-10, offset: 0, unit: 'm' },
  s: { factor: 1, offset: 0, unit: 's' },
  ms: { factor: 1e-3, offset: 0, unit: 's' },
};

/**
 * Converts a value to SI as the contract server stores `valueSI`/`unitSI`.
 *
 * @example
 * ```ts
 * toSI(20, 'celsius'); // → { valueSI: 293.15, unitSI: 'K' }
 * ```
 */
export function toSI(value: number, unit: string): { valueSI: number; unitSI: string } {
  const si = SI_UNITS[unit];
  return si === undefined ? { valueSI: value, unitSI: unit } : { valueSI: value * si.factor + si.offset, unitSI: si.unit };
}

function dateRange(value: Doc): Doc {
  const range: Doc = {};
  if (value.begin !== undefined) range.$gte = value.begin;
  if (value.end !== undefined) range.$lte = value.end;
  return range;
}

/**
 * Translates fullquery `fields` into a mongo condition as SciCat's `createFullqueryFilter` does:
 * `text` → `$text`, `scientific` → scientificMetadata conditions, `mode` → verbatim, arrays →
 * `$in`, `{begin, end}` → a date range, anything else → equality.
 *
 * @example
 * ```ts
 * fullqueryCondition({ type: ['raw'], isPublished: true });
 * ```
 */
export function fullqueryCondition(fields: Doc): Doc {
  const all: Doc[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'text') all.push(textCondition(value));
    else if (key === 'scientific') all.push(...scientificConditions(value));
    else if (key === 'mode') all.push(asObject(value, 'fields.mode'));
    else if (key === 'userGroups') continue;
    else if (Array.isArray(value)) all.push({ [key]: value.length === 1 ? value[0] : { $in: value } });
    else if (typeof value === 'object' && value !== null && ('begin' in value || 'end' in value)) {
      all.push({ [key]: dateRange(value as Doc) });
    } else all.push({ [key]: value });
  }
  return all.length === 0 ? {} : { $and: all };
}

/**
 * Parses the fullquery `fields` parameter.
 *
 * @example
 * ```ts
 * parseFullqueryFields('{"text":"powder"}'); // → { text: 'powder' }
 * ```
 */
export function parseFullqueryFields(text: string | null): Doc {
  return text === null || text === '' ? {} : asObject(parseJson(text, 'fields'), 'fields');
}

/**
 * Parses the fullquery `limits` parameter.
 *
 * @example
 * ```ts
 * parseLimitsParam('{"limit":10,"skip":20}', 'v3');
 * ```
 */
export function parseLimitsParam(text: string | null, version: 'v3' | 'v4'): Pick<ParsedFilter, 'limit' | 'skip' | 'sort'> {
  return parseLimits(text === null || text === '' ? undefined : parseJson(text, 'limits'), version);
}

function mongo<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    // mingo rejects unknown operators ("unknown query operator $foo") as MongoDB does
    throw new BadRequest(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Counts the documents that match `where`.
 *
 * @example
 * ```ts
 * countMatching(datasets, { isPublished: true });
 * ```
 */
export function countMatching(docs: readonly Doc[], where: Doc): number {
  return mongo(() => find(docs as Doc[], where).all().length);
}

/**
 * Applies a parsed filter: match, sort, skip, limit, then the field projection.
 *
 * @example
 * ```ts
 * runFilter(datasets, parseFilterParam('{"limits":{"limit":2,"order":"size:desc"}}', 'v3'));
 * ```
 */
export function runFilter(docs: readonly Doc[], filter: ParsedFilter): Doc[] {
  return mongo(() => {
    const projection = filter.fields === undefined ? undefined : Object.fromEntries(filter.fields.map((f) => [f, 1]));
    let cursor = find<Doc>(docs as Doc[], filter.where, projection);
    if (Object.keys(filter.sort).length > 0) cursor = cursor.sort(filter.sort);
    return cursor.skip(filter.skip).limit(filter.limit).all();
  });
}
