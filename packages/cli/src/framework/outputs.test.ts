import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, InterruptedError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { removeStagedOutputsSync, withOutputs } from './outputs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pandaas-outputs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('withOutputs', () => {
  it('moves every output into place only when the work is complete', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.txt');
    const seen = await withOutputs([a, b], {}, async ([ta, tb]) => {
      await writeFile(ta!, '{}');
      await writeFile(tb!, 'text');
      expect(await readdir(dir)).not.toContain('a.json'); // not there before the end
      return [ta, tb];
    });
    expect(seen[0]).not.toBe(a);
    expect(await readFile(a, 'utf8')).toBe('{}');
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.txt']); // no staging folder left
  });

  it('leaves nothing when the work fails, whatever the writer left in its staging folder', async () => {
    const out = join(dir, 'out.nxs');
    await expect(
      withOutputs([out], {}, async ([path]) => {
        await writeFile(path!, 'half');
        await writeFile(`${path!}.tmp-writer`, 'its own temporary file');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an existing output without overwrite (untouched), and replaces it with overwrite', async () => {
    const out = join(dir, 'out.txt');
    await writeFile(out, 'old');
    const refused = withOutputs([out], {}, async ([path]) => writeFile(path!, 'new'));
    await expect(refused).rejects.toThrow(/out\.txt exists: pass --overwrite/);
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_CODES.io });
    expect(await readFile(out, 'utf8')).toBe('old');
    await withOutputs([out], { overwrite: true }, async ([path]) => writeFile(path!, 'new'));
    expect(await readFile(out, 'utf8')).toBe('new');
  });

  it('never writes over an input, even with overwrite, and needs the output folder to exist', async () => {
    const input = join(dir, 'frames.h5');
    await writeFile(input, 'data');
    await expect(withOutputs([input], { overwrite: true, inputs: [input] }, async () => undefined)).rejects.toThrow(/is an input of this command/);
    expect(await readFile(input, 'utf8')).toBe('data');
    await expect(withOutputs([join(dir, 'missing', 'x.png')], {}, async () => undefined)).rejects.toMatchObject({ exitCode: EXIT_CODES.notFound });
    await expect(withOutputs([join(dir, 'x'), join(dir, 'x')], {}, async () => undefined)).rejects.toThrow(/named twice/);
  });

  it('replaces an output folder as a whole, keeping the previous one when the work fails', async () => {
    const folder = join(dir, 'demo-output');
    await mkdir(folder);
    await writeFile(join(folder, 'old.html'), 'old');
    await expect(
      withOutputs([folder], { overwrite: true }, async ([path]) => {
        await mkdir(path!);
        await writeFile(join(path!, 'report.html'), 'partial');
        throw new CliError('step 3 failed', EXIT_CODES.badInput);
      }),
    ).rejects.toThrow('step 3 failed');
    expect(await readdir(folder)).toEqual(['old.html']);
    await withOutputs([folder], { overwrite: true }, async ([path]) => {
      await mkdir(path!);
      await writeFile(join(path!, 'report.html'), 'new');
    });
    expect(await readdir(folder)).toEqual(['report.html']);
    expect(await readdir(dir)).toEqual(['demo-output']);
  });

  it('turns an interruption into an InterruptedError and removes the outputs under way', async () => {
    const controller = new AbortController();
    const out = join(dir, 'stack.nxs');
    const run = withOutputs([out], { signal: controller.signal }, async ([path]) => {
      await writeFile(path!, 'frame 1');
      controller.abort();
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the staging folders synchronously for a process about to exit', async () => {
    let staged = '';
    const pending = withOutputs([join(dir, 'late.txt')], {}, async ([path]) => {
      staged = path!;
      await writeFile(path!, 'partial');
      removeStagedOutputsSync(); // what bin.ts does on a second Ctrl-C
      expect(await readdir(dir)).toEqual([]);
      throw new InterruptedError();
    });
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
    expect(staged).toMatch(/\.pandaas-partial-/);
    expect(await readdir(dir)).toEqual([]);
  });
});
