import { describe, expect, it } from 'vitest';
import { seedIcatFixtures } from './icat-fixtures.js';
import { IcatServerError, IcatStore } from './icat-store.js';
import { evaluateQuery } from './jpql-eval.js';
import { parseQuery } from './jpql-parse.js';

const store = new IcatStore();
seedIcatFixtures(store);
const run = (q: string, max = 1000): unknown[] => evaluateQuery(store, parseQuery(q), max);
const names = (rows: unknown[]): string[] => rows.map((r) => (Object.values(r as object)[0] as { name: string }).name);

describe('the contract server JPQL subset', () => {
  it('evaluates WHERE with AND/OR/NOT, IS NULL and LEFT JOIN', () => {
    expect(names(run("SELECT o FROM Investigation o WHERE o.name = 'INV-001' OR NOT (o.name <> 'INV-003')"))).toEqual(['INV-001', 'INV-003']);
    expect(run('SELECT o FROM Technique o WHERE o.description IS NULL')).toHaveLength(2);
    // datasets with an even index have a technique: a LEFT JOIN keeps the others with a null
    expect(run('SELECT COUNT(o) FROM Dataset o LEFT JOIN o.datasetTechniques AS t WHERE t.id IS NULL')).toEqual([15]);
    expect(run("SELECT DISTINCT o.name FROM Dataset o JOIN o.datasetTechniques AS dt JOIN dt.technique AS t WHERE t.pid = 'PaNET01196' AND o.investigation.name = 'INV-001'")).toEqual(
      ['ds-1-2', 'ds-1-4', 'ds-1-6', 'ds-1-8', 'ds-1-10'],
    );
  });

  it('compares timestamps and includes every to-one relation with INCLUDE 1', () => {
    expect(names(run('SELECT o FROM Investigation o WHERE o.startDate > {ts 2022-01-01 00:00:00} ORDER BY o.name DESC'))).toEqual(['INV-003', 'INV-002']);
    const [wrapped] = run("SELECT o FROM Dataset o WHERE o.name = 'ds-3-3' INCLUDE 1") as { Dataset: Record<string, { name: string }> }[];
    expect(wrapped?.Dataset.investigation?.name).toBe('INV-003');
    expect(wrapped?.Dataset.sample?.name).toBe('sample-3');
  });

  it('parses the concise grammar with limits, conditions, joins and includes', () => {
    expect(names(run("[1, 2] Investigation [name LIKE 'INV%']"))).toEqual(['INV-002', 'INV-003']);
    expect(names(run("Dataset [complete = FALSE] <-> Investigation [name = 'INV-002']"))).toEqual(['ds-2-3', 'ds-2-6', 'ds-2-9']);
    expect(run('Investigation.name')).toEqual(['INV-001', 'INV-002', 'INV-003']);
    const [inv] = run("Investigation [name='INV-001'] INCLUDE Dataset") as { Investigation: { datasets: unknown[] } }[];
    expect(inv?.Investigation.datasets).toHaveLength(10);
  });

  it('reports errors as BAD_PARAMETER with an offset, and VALIDATION above maxEntities', () => {
    const codeOf = (q: string, max = 1000): string | undefined => {
      try {
        run(q, max);
        return undefined;
      } catch (err) {
        return err instanceof IcatServerError ? `${err.icatCode}@${err.offset ?? '-'}` : 'other';
      }
    };
    expect(codeOf("SELECT o FROM Dataset o WHERE o.name = 'open")).toBe('BAD_PARAMETER@39');
    expect(codeOf('SELECT o FROM Datasets o')).toBe('BAD_PARAMETER@-');
    expect(codeOf('SELECT o FROM Dataset o WHERE o.datafiles.name = 1')).toBe('BAD_PARAMETER@-');
    expect(codeOf('SELECT o FROM Dataset o LIMIT 0')).toBe('BAD_PARAMETER@31');
    expect(codeOf('SELECT o FROM Dataset o', 29)).toBe('VALIDATION@-');
    expect(codeOf('SELECT o FROM Dataset o', 30)).toBeUndefined();
  });
});
