// `pandaas catalog search`: a JPQL query (ICAT) or a filter (SciCat datasets) with the stored
// session, printed as a table or as JSON.
import { SciCatClient, type SciCatFilter } from '@pandaas/catalog-client';
import type { ParsedArgs } from '../../framework/args.js';
import { UsageError } from '../../framework/cli-error.js';
import type { CommandContext } from '../../framework/command.js';
import { storedIcatClient, withStoredSession } from './icat-session.js';
import { loadSession } from './session-store.js';

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A table of the rows' scalar fields (columns in the order first seen), one row a line.
 *
 * @example
 * ```ts
 * resultTable([{ id: 1, name: 'a' }]); // 'id  name\n1   a\n'
 * ```
 */
export function resultTable(rows: readonly unknown[]): string {
  const columns: string[] = [];
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    for (const [key, value] of Object.entries(row)) if ((value === null || typeof value !== 'object') && !columns.includes(key)) columns.push(key);
  }
  if (columns.length === 0) return rows.map((row) => `${cell(row)}\n`).join('');
  const table = [columns, ...rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c])))];
  const widths = columns.map((_, i) => Math.max(...table.map((line) => (line[i] as string).length)));
  return table.map((line) => `${line.map((text, i) => text.padEnd(widths[i] as number)).join('  ').trimEnd()}\n`).join('');
}

function parseFilter(text: string): SciCatFilter {
  let filter: unknown;
  try {
    filter = JSON.parse(text);
  } catch {
    throw new UsageError(`--filter must be JSON, got ${JSON.stringify(text)}`);
  }
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw new UsageError(`--filter must be a JSON object, got ${JSON.stringify(text)}`);
  return filter as SciCatFilter;
}

/**
 * Whether a JPQL query can be paged (`SELECT alias FROM ...` without its own LIMIT): entity
 * queries are fetched page by page, so that none outgrows the server's maxEntities; projections,
 * aggregates, concise syntax and queries with a LIMIT are sent as they are.
 *
 * @example
 * ```ts
 * pageable('SELECT d FROM Dataset d'); // true
 * pageable('SELECT COUNT(d) FROM Dataset d'); // false
 * ```
 */
export function pageable(query: string): boolean {
  return /^\s*SELECT\s+(?:DISTINCT\s+)?\w+\s+FROM\b/i.test(query) && !/\bLIMIT\b/i.test(query);
}

/**
 * Runs `catalog search --query JPQL` (ICAT session) or `--filter JSON` (SciCat session).
 *
 * @example
 * ```ts
 * await catalogSearch(ctx, args); // pandaas catalog search --query "SELECT d FROM Dataset d" --json
 * ```
 */
export async function catalogSearch(ctx: CommandContext, args: ParsedArgs & { readonly json: boolean }): Promise<void> {
  const session = await loadSession();
  let rows: unknown[];
  if (session.kind === 'icat') {
    const query = args.text('query');
    if (query === undefined || query.trim() === '') throw new UsageError('catalog search with an ICAT session needs --query JPQL');
    const icat = storedIcatClient(session);
    rows = await withStoredSession(async () => {
      if (!pageable(query)) return icat.search(query, { signal: ctx.signal });
      const all: unknown[] = [];
      for await (const row of icat.iterate(query, { signal: ctx.signal })) all.push(row);
      return all;
    });
  } else {
    const text = args.text('filter') ?? '{}';
    const client = new SciCatClient({ url: session.url, token: session.token, retry: { maxAttempts: 2 } });
    rows = await client.datasets.find(parseFilter(text), { signal: ctx.signal });
  }
  ctx.stdout.write(args.json ? `${JSON.stringify(rows, null, 2)}\n` : resultTable(rows));
}
