/**
 * The in-memory entity store of the ICAT contract server: rows by entity and id, to-one
 * relations kept as ids, to-many relations found by reverse lookup, cascading deletes. Test
 * support only.
 *
 * @module
 */
import { ICAT_SCHEMA } from './icat-schema.js';
import type { EntitySchema } from './icat-schema.js';

/**
 * One stored entity: attributes, and to-one relations as the target's id.
 *
 * @example
 * ```ts
 * const row: Row = { id: 1, name: 'ds-1-1', investigation: 4 };
 * ```
 */
export type Row = Record<string, unknown> & { id: number };

/**
 * An error the ICAT server reports as `{code, message}` with the status of its type.
 *
 * @example
 * ```ts
 * throw new IcatServerError('BAD_PARAMETER', 'Unexpected token');
 * ```
 */
export class IcatServerError extends Error {
  constructor(
    readonly icatCode: string,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

/**
 * The schema entry of `name`, or a BAD_PARAMETER error.
 *
 * @example
 * ```ts
 * schemaOf('Dataset').one.investigation; // 'Investigation'
 * ```
 */
export function schemaOf(name: string): EntitySchema {
  const schema = Object.hasOwn(ICAT_SCHEMA, name) ? ICAT_SCHEMA[name] : undefined;
  if (!schema) throw new IcatServerError('BAD_PARAMETER', `${name} is not an EntityBaseBean`);
  return schema;
}

/**
 * Entities in memory, as the contract server's database.
 *
 * @example
 * ```ts
 * const store = new IcatStore();
 * const id = store.insert('Facility', { name: 'ESRF' });
 * ```
 */
export class IcatStore {
  readonly #tables = new Map<string, Map<number, Row>>();
  #nextId = 1;

  /** Every row of `entity`, in id order. */
  rows(entity: string): Row[] {
    schemaOf(entity);
    return [...(this.#tables.get(entity)?.values() ?? [])].sort((a, b) => a.id - b.id);
  }

  /** The row of `entity` with `id`, or undefined. */
  get(entity: string, id: number): Row | undefined {
    return this.#tables.get(entity)?.get(id);
  }

  /** The children of `row` through the to-many field `field` of `entity`. */
  children(entity: string, row: Row, field: string): { entity: string; rows: Row[] } {
    const relation = schemaOf(entity).many[field];
    if (!relation) throw new IcatServerError('BAD_PARAMETER', `${entity} has no to-many relationship ${field}`);
    const [child, back] = relation;
    return { entity: child, rows: this.rows(child).filter((r) => r[back] === row.id) };
  }

  /**
   * Inserts an entity given as fields (to-one relations as `{id}` objects or ids) and returns its
   * id; checks attribute names and that related entities exist.
   */
  insert(entity: string, fields: Record<string, unknown>): number {
    const row = this.#toRow(entity, fields, undefined);
    const id = this.#nextId++;
    const now = new Date().toISOString();
    row.id = id;
    row.createTime ??= now;
    row.modTime ??= now;
    let table = this.#tables.get(entity);
    if (!table) {
      table = new Map();
      this.#tables.set(entity, table);
    }
    this.#checkUnique(entity, row);
    table.set(id, row);
    return id;
  }

  /** Updates the given fields of an existing entity. */
  update(entity: string, fields: Record<string, unknown>): void {
    const id = Number(fields.id);
    const old = this.get(entity, id);
    if (!old) throw new IcatServerError('NO_SUCH_OBJECT_FOUND', `${entity}[id:${id}] not found.`);
    const changes = this.#toRow(entity, fields, old);
    const next: Row = { ...old, ...changes, id, modTime: new Date().toISOString() };
    this.#checkUnique(entity, next);
    this.#tables.get(entity)?.set(id, next);
  }

  /** Deletes an entity and, cascading, everything under its to-many relations. */
  delete(entity: string, id: number): void {
    const row = this.get(entity, id);
    if (!row) throw new IcatServerError('NO_SUCH_OBJECT_FOUND', `${entity}[id:${id}] not found.`);
    for (const field of Object.keys(schemaOf(entity).many)) {
      const { entity: child, rows } = this.children(entity, row, field);
      for (const r of rows) this.delete(child, r.id);
    }
    this.#tables.get(entity)?.delete(id);
  }

  #toRow(entity: string, fields: Record<string, unknown>, old: Row | undefined): Row {
    const schema = schemaOf(entity);
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'id') continue;
      const target = schema.one[key];
      if (target !== undefined) {
        const ref = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : value;
        if (value === null || ref === undefined) {
          row[key] = undefined;
          continue;
        }
        if (typeof ref !== 'number' || !this.get(target, ref)) {
          throw new IcatServerError('NO_SUCH_OBJECT_FOUND', `${target}[id:${String(ref)}] not found.`);
        }
        row[key] = ref;
      } else if (schema.attrs.includes(key)) {
        row[key] = value;
      } else if (key in schema.many) {
        throw new IcatServerError('BAD_PARAMETER', `${entity}.${key} is a to-many relationship: create the children separately`);
      } else {
        throw new IcatServerError('BAD_PARAMETER', `Field ${key} of ${entity} is not recognised`);
      }
    }
    if (old === undefined && schema.attrs.includes('name') && row.name === undefined) {
      throw new IcatServerError('VALIDATION', `${entity}: name cannot be null.`);
    }
    return row as Row;
  }

  #checkUnique(entity: string, row: Row): void {
    if (entity !== 'Dataset' && entity !== 'Datafile') return;
    const parent = entity === 'Dataset' ? 'investigation' : 'dataset';
    const clash = this.rows(entity).find((r) => r.id !== row.id && r.name === row.name && r[parent] === row[parent]);
    if (clash) {
      throw new IcatServerError('OBJECT_ALREADY_EXISTS', `${entity} exists with name = '${String(row.name)}', ${parent} = 'id:${String(row[parent])}'`);
    }
  }
}
