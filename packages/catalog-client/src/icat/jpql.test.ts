import { ArgumentError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';
import { isConcise, jpqlLiteral, pageQuery } from './jpql.js';
import { icatQuery } from './query.js';

describe('jpqlLiteral', () => {
  it('escapes strings and formats numbers, booleans, null and dates', () => {
    expect(jpqlLiteral("O'Brien's")).toBe("'O''Brien''s'");
    expect(jpqlLiteral(5.5)).toBe('5.5');
    expect(jpqlLiteral(false)).toBe('FALSE');
    expect(jpqlLiteral(null)).toBe('NULL');
    expect(jpqlLiteral(new Date(Date.UTC(2010, 0, 2, 3, 4, 5)))).toBe('{ts 2010-01-02 03:04:05}');
    expect(() => jpqlLiteral(Number.NaN)).toThrow(ArgumentError);
    expect(() => jpqlLiteral(new Date(Number.NaN))).toThrow(ArgumentError);
  });
});

describe('pageQuery', () => {
  it('adds ORDER BY <alias>.id before INCLUDE and LIMIT at the end', () => {
    expect(pageQuery('SELECT d FROM Dataset d INCLUDE d.datafiles', 20, 10)).toBe('SELECT d FROM Dataset d ORDER BY d.id INCLUDE d.datafiles LIMIT 20, 10');
    expect(pageQuery("SELECT o FROM Dataset o WHERE o.name = 'limit include' ORDER BY o.name", 0, 5)).toBe(
      "SELECT o FROM Dataset o WHERE o.name = 'limit include' ORDER BY o.name, o.id LIMIT 0, 5",
    );
    expect(pageQuery('SELECT o FROM Dataset o ORDER BY o.id DESC', 5, 5)).toBe('SELECT o FROM Dataset o ORDER BY o.id DESC LIMIT 5, 5');
    expect(pageQuery('Datafile <-> Dataset [id=4]', 3, 2)).toBe('[3, 2] Datafile <-> Dataset [id=4]');
    expect(isConcise('  select o from X o')).toBe(false);
    expect(() => pageQuery('SELECT o FROM Dataset o LIMIT 0, 5', 0, 5)).toThrow(ArgumentError);
    expect(() => pageQuery('[0, 5] Dataset', 0, 5)).toThrow(ArgumentError);
  });
});

describe('icatQuery', () => {
  it('builds the reference JPQL of python-icat with DISTINCT for joins', () => {
    const q = icatQuery('Dataset')
      .join('o.investigation', 'i')
      .join('o.parameters', 'p')
      .join('p.type', 'pt')
      .where('i.name', '=', 'x')
      .where('p.numericValue', '>', 5.0)
      .include('o.parameters AS p', 'p.type');
    expect(String(q)).toBe(
      "SELECT DISTINCT o FROM Dataset o JOIN o.investigation AS i JOIN o.parameters AS p JOIN p.type AS pt WHERE i.name = 'x' AND p.numericValue > 5 INCLUDE o.parameters AS p, p.type",
    );
    expect(String(icatQuery('Instrument', 'ins').where('ins.pid', 'IS NOT NULL').orderBy('ins.name', 'DESC').limit(10, 20))).toBe(
      'SELECT ins FROM Instrument ins WHERE ins.pid IS NOT NULL ORDER BY ins.name DESC LIMIT 10, 20',
    );
  });

  it('is immutable and validates paths, operators and values', () => {
    const base = icatQuery('Sample');
    base.where('o.name', '=', 'a');
    expect(String(base)).toBe('SELECT o FROM Sample o');
    expect(() => base.where("o.name = 'x' OR 1=1 --", '=', 'a')).toThrow(ArgumentError);
    expect(() => base.where('o.id', 'IN', [])).toThrow(ArgumentError);
    expect(() => base.where('o.id', 'BETWEEN', [1])).toThrow(ArgumentError);
    expect(() => base.where('o.id', 'IS NULL', 3)).toThrow(ArgumentError);
    expect(() => base.where('o.id', '==' as never, 3)).toThrow(ArgumentError);
    expect(() => base.limit(-1, 5)).toThrow(ArgumentError);
    expect(() => base.include('o.x AS 1y')).toThrow(ArgumentError);
  });
});
