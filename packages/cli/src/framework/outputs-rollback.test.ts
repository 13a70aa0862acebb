import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withOutputs } from './outputs.js';

// withOutputs moves its outputs into place all or nothing. A rename that fails half-way (a full
// or read-only disk, a folder in the way) is injected here: node:fs/promises' rename, as
// outputs.ts imports it, fails for one destination; every other call is the real rename.

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

const realRename = (await vi.importActual<typeof fs>('node:fs/promises')).rename;

/**
 * Makes rename fail with EIO when `fails(from, to, n)` says so, `n` counting the renames onto
 * `to` so far (1 for the first); the other renames are real.
 */
function failRenames(fails: (from: string, to: string, n: number) => boolean): void {
  const onto = new Map<string, number>();
  vi.mocked(fs.rename).mockImplementation(async (from, to) => {
    const n = (onto.get(String(to)) ?? 0) + 1;
    onto.set(String(to), n);
    if (fails(String(from), String(to), n)) throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}' -> '${String(to)}'`), { code: 'EIO' });
    return realRename(from, to);
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pandaas-outputs-rollback-'));
});
afterEach(async () => {
  vi.mocked(fs.rename).mockImplementation(realRename);
  await rm(dir, { recursive: true, force: true });
});

describe('withOutputs moving its outputs into place', () => {
  it('puts every previous output back when the second new one cannot be moved in', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.png');
    await writeFile(a, 'old a');
    await writeFile(b, 'old b');
    failRenames((_, to, n) => to === b && n === 1); // b's move in; putting the old b back works
    const run = withOutputs([a, b], { overwrite: true }, async ([ta, tb]) => {
      await writeFile(ta!, 'new a');
      await writeFile(tb!, 'new b');
    });
    await expect(run).rejects.toThrow(/EIO/);
    expect([await readFile(a, 'utf8'), await readFile(b, 'utf8')]).toEqual(['old a', 'old b']);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.png']); // no staging folder left
  });

  it('removes the first new output when the second cannot be moved in and nothing existed before', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.png');
    failRenames((_, to) => to === b);
    await expect(
      withOutputs([a, b], {}, async ([ta, tb]) => {
        await writeFile(ta!, 'new a');
        await writeFile(tb!, 'new b');
      }),
    ).rejects.toThrow(/EIO/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('puts the first previous output back when the second cannot be moved aside', async () => {
    const a = join(dir, 'a.json');
    const out = join(dir, 'out');
    await writeFile(a, 'old a');
    await mkdir(out);
    await writeFile(join(out, 'old.html'), 'old report');
    failRenames((from) => from === out);
    await expect(
      withOutputs([a, out], { overwrite: true }, async ([ta, tout]) => {
        await writeFile(ta!, 'new a');
        await mkdir(tout!);
        await writeFile(join(tout!, 'report.html'), 'new report');
      }),
    ).rejects.toThrow(/EIO/);
    expect(await readFile(a, 'utf8')).toBe('old a');
    expect(await readdir(out)).toEqual(['old.html']);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'out']);
  });

  it('keeps a previous output it cannot put back in its staging folder, and says where', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.png');
    await writeFile(a, 'old a');
    await writeFile(b, 'old b');
    // b cannot be moved in; a, moved in then removed, cannot be put back (its second rename onto a)
    failRenames((_, to, n) => (to === b && n === 1) || (to === a && n === 2));
    const run = withOutputs([a, b], { overwrite: true }, async ([ta, tb]) => {
      await writeFile(ta!, 'new a');
      await writeFile(tb!, 'new b');
    });
    await expect(run).rejects.toThrow(/could not be put back/);
    const message = await run.then(() => '', (err: Error) => err.message);
    const kept = /kept as (\S+)\)/.exec(message)?.[1];
    expect(kept).toBeDefined();
    expect(await readFile(kept!, 'utf8')).toBe('old a');
    expect(await readFile(b, 'utf8')).toBe('old b');
  });

  it('replaces every output when all moves succeed', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.png');
    await writeFile(a, 'old a');
    await withOutputs([a, b], { overwrite: true }, async ([ta, tb]) => {
      await writeFile(ta!, 'new a');
      await writeFile(tb!, 'new b');
    });
    expect([await readFile(a, 'utf8'), await readFile(b, 'utf8')]).toEqual(['new a', 'new b']);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.png']);
  });
});
