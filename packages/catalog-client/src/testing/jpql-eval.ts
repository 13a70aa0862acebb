/**
 * Evaluation of parsed ICAT queries over the in-memory store: joins, WHERE, DISTINCT, ORDER BY,
 * LIMIT, `maxEntities`, and the JSON ICAT returns (`[{"Dataset":{...}}]`, projections, counts,
 * INCLUDEd relations nested). Test support only.
 *
 * @module
 */
import { IcatServerError, schemaOf } from './icat-store.js';
import type { IcatStore, Row } from './icat-store.js';
import type { Cond, Operand, ParsedQuery } from './jpql-parse.js';

interface Ref {
  entity: string;
  row: Row;
}

type Binding = Map<string, Ref | null>;

function bad(message: string): IcatServerError {
  return new IcatServerError('BAD_PARAMETER', message);
}

/** Checks a path against the schema and returns what it ends on. */
function typeOfPath(path: string[], aliases: Map<string, string>): { entity?: string; attr?: string; many?: string } {
  const head = path[0] as string;
  let entity = aliases.get(head);
  if (entity === undefined) throw bad(`Unknown identifier ${head} in ${path.join('.')}`);
  for (let i = 1; i < path.length; i++) {
    const field = path[i] as string;
    const schema = schemaOf(entity);
    const last = i === path.length - 1;
    if (schema.one[field] !== undefined) {
      entity = schema.one[field] as string;
    } else if (schema.attrs.includes(field)) {
      if (!last) throw bad(`${entity}.${field} is not a relationship in ${path.join('.')}`);
      return { attr: field };
    } else if (schema.many[field] !== undefined) {
      if (!last) throw bad(`${entity}.${field} is a to-many relationship and cannot be navigated in ${path.join('.')}`);
      return { many: (schema.many[field] as [string, string])[0] };
    } else {
      throw bad(`${field} is not a field of ${entity} in ${path.join('.')}`);
    }
  }
  return { entity };
}

function condPaths(cond: Cond | undefined, out: string[][]): string[][] {
  if (!cond) return out;
  switch (cond.kind) {
    case 'and':
    case 'or':
      for (const part of cond.parts) condPaths(part, out);
      break;
    case 'not':
      condPaths(cond.part, out);
      break;
    case 'cmp':
      for (const side of [cond.left, cond.right]) if (side.kind === 'path') out.push(side.path);
      break;
    case 'between':
      out.push(cond.path);
      for (const side of [cond.low, cond.high]) if (side.kind === 'path') out.push(side.path);
      break;
    default:
      out.push(cond.path);
  }
  return out;
}

function resolve(store: IcatStore, path: string[], binding: Binding): unknown {
  let current: Ref | null | undefined = binding.get(path[0] as string);
  for (let i = 1; i < path.length; i++) {
    if (!current) return null;
    const field = path[i] as string;
    const target = schemaOf(current.entity).one[field];
    if (target === undefined) return current.row[field] ?? null;
    const id = current.row[field];
    current = typeof id === 'number' ? (store.get(target, id) ? { entity: target, row: store.get(target, id) as Row } : null) : null;
  }
  return current ? current.row.id : null;
}

function value(store: IcatStore, operand: Operand, binding: Binding): unknown {
  return operand.kind === 'value' ? operand.value : resolve(store, operand.path, binding);
}

/** Compares two non-null values (dates as dates); NaN when incomparable. */
function compare(a: unknown, b: unknown): number {
  if (a instanceof Date || b instanceof Date) {
    const x = a instanceof Date ? a.getTime() : Date.parse(String(a));
    const y = b instanceof Date ? b.getTime() : Date.parse(String(b));
    return x - y;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : Number.NaN;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (const c of pattern) source += c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${source}$`, 's');
}

function test(store: IcatStore, cond: Cond, binding: Binding): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.parts.every((part) => test(store, part, binding));
    case 'or':
      return cond.parts.some((part) => test(store, part, binding));
    case 'not':
      return !test(store, cond.part, binding);
    case 'null':
      return (resolve(store, cond.path, binding) === null) !== cond.negate;
    case 'like': {
      const v = resolve(store, cond.path, binding);
      return v !== null && likeRegExp(cond.pattern).test(String(v)) !== cond.negate;
    }
    case 'in': {
      const v = resolve(store, cond.path, binding);
      return v !== null && cond.values.some((x) => x !== null && compare(v, x) === 0) !== cond.negate;
    }
    case 'between': {
      const v = resolve(store, cond.path, binding);
      const low = value(store, cond.low, binding);
      const high = value(store, cond.high, binding);
      if (v === null || low === null || high === null) return false;
      return (compare(v, low) >= 0 && compare(v, high) <= 0) !== cond.negate;
    }
    case 'cmp': {
      const a = value(store, cond.left, binding);
      const b = value(store, cond.right, binding);
      if (a === null || b === null) return false;
      const c = compare(a, b);
      if (Number.isNaN(c)) return false;
      switch (cond.op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        default:
          return c >= 0;
      }
    }
  }
}

interface IncludeTree {
  [field: string]: IncludeTree;
}

function includeTree(query: ParsedQuery): IncludeTree {
  const tree: IncludeTree = {};
  if (query.include === 'all') {
    for (const field of Object.keys(schemaOf(query.entity).one)) tree[field] = {};
    return tree;
  }
  for (const path of query.include) {
    let entity = query.entity;
    let node = tree;
    for (const field of path) {
      const schema = schemaOf(entity);
      const target = schema.one[field] ?? schema.many[field]?.[0];
      if (target === undefined) throw bad(`${field} is not a relationship of ${entity} in INCLUDE`);
      node[field] ??= {};
      node = node[field] as IncludeTree;
      entity = target;
    }
  }
  return tree;
}

/** An entity as ICAT's JSON shows it: attributes and INCLUDEd relations (to-many as arrays). */
function entityJson(store: IcatStore, entity: string, row: Row, tree: IncludeTree): Record<string, unknown> {
  const schema = schemaOf(entity);
  const out: Record<string, unknown> = {};
  for (const attr of schema.attrs) if (row[attr] !== undefined && row[attr] !== null) out[attr] = row[attr];
  for (const [field, sub] of Object.entries(tree)) {
    const target = schema.one[field];
    if (target !== undefined) {
      const id = row[field];
      const related = typeof id === 'number' ? store.get(target, id) : undefined;
      if (related) out[field] = entityJson(store, target, related, sub);
    } else {
      const { entity: child, rows } = store.children(entity, row, field);
      out[field] = rows.map((r) => entityJson(store, child, r, sub));
    }
  }
  return out;
}

/**
 * Runs a parsed query: the JSON array ICAT returns for it. Throws VALIDATION when more than
 * `maxEntities` results would be returned.
 *
 * @example
 * ```ts
 * evaluateQuery(store, parseQuery('SELECT o FROM Dataset o LIMIT 0, 5'), 100);
 * ```
 */
export function evaluateQuery(store: IcatStore, query: ParsedQuery, maxEntities: number): unknown[] {
  const aliases = new Map<string, string>([[query.alias, query.entity]]);
  for (const join of query.joins) {
    const end = typeOfPath(join.path, aliases);
    const entity = end.entity ?? end.many;
    if (entity === undefined) throw bad(`${join.path.join('.')} is not a relationship and cannot be joined`);
    if (aliases.has(join.alias)) throw bad(`Alias ${join.alias} is defined twice`);
    aliases.set(join.alias, entity);
  }
  const selected = typeOfPath(query.select.path, aliases);
  if (selected.many !== undefined) throw bad(`Cannot select the to-many relationship ${query.select.path.join('.')}`);
  for (const path of condPaths(query.where, [])) {
    if (typeOfPath(path, aliases).many !== undefined) throw bad(`Cannot compare the to-many relationship ${path.join('.')}`);
  }
  for (const { path } of query.order) {
    if (typeOfPath(path, aliases).attr === undefined) throw bad(`ORDER BY needs an attribute, got ${path.join('.')}`);
  }
  const tree = includeTree(query);

  let bindings: Binding[] = store.rows(query.entity).map((row) => new Map([[query.alias, { entity: query.entity, row }]]));
  for (const join of query.joins) {
    const next: Binding[] = [];
    const parentPath = join.path.slice(0, -1);
    const field = join.path[join.path.length - 1] as string;
    for (const binding of bindings) {
      const parentId = resolve(store, parentPath, binding);
      const parentEntity = typeOfPath(parentPath, aliases).entity as string;
      const parent = typeof parentId === 'number' ? store.get(parentEntity, parentId) : undefined;
      const related: Ref[] = [];
      if (parent) {
        const schema = schemaOf(parentEntity);
        const target = schema.one[field];
        if (target !== undefined) {
          const id = parent[field];
          const row = typeof id === 'number' ? store.get(target, id) : undefined;
          if (row) related.push({ entity: target, row });
        } else {
          const { entity, rows } = store.children(parentEntity, parent, field);
          for (const row of rows) related.push({ entity, row });
        }
      }
      if (related.length === 0 && join.left) next.push(new Map([...binding, [join.alias, null]]));
      for (const ref of related) next.push(new Map([...binding, [join.alias, ref]]));
    }
    bindings = next;
  }
  if (query.where) bindings = bindings.filter((b) => test(store, query.where as Cond, b));
  if (query.order.length > 0) {
    bindings.sort((a, b) => {
      for (const { path, desc } of query.order) {
        const x = resolve(store, path, a);
        const y = resolve(store, path, b);
        const c = x === null ? (y === null ? 0 : 1) : y === null ? -1 : compare(x, y);
        if (c !== 0 && !Number.isNaN(c)) return desc ? -c : c;
      }
      return 0;
    });
  }
  let results: { key: unknown; out: unknown }[] = bindings.map((b) => {
    const v = resolve(store, query.select.path, b);
    if (query.select.kind === 'field') return { key: v, out: v };
    const entity = typeOfPath(query.select.path, aliases).entity as string;
    const row = typeof v === 'number' ? store.get(entity, v) : undefined;
    return { key: v, out: row ? { [entity]: entityJson(store, entity, row, tree) } : null };
  });
  if (query.select.distinct) {
    const seen = new Set<unknown>();
    results = results.filter(({ key }) => (seen.has(key) ? false : (seen.add(key), true)));
  }
  if (query.select.kind === 'count') return [results.filter(({ key }) => key !== null).length];
  if (query.limit) results = results.slice(query.limit.offset, query.limit.offset + query.limit.count);
  if (results.length > maxEntities) {
    throw new IcatServerError('VALIDATION', `attempt to return more than ${maxEntities} entities`);
  }
  return results.map(({ out }) => out);
}
