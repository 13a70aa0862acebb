import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from './framework/exit-codes.js';
import { runCli } from './testing/run-cli.js';

// How main() reports a failure: `help` of a command that does not exist, and the JSON document
// an expected failure adds on stdout when --json is given (stderr keeps its one line).

const LAB6 = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'data', 'ssrl-lab6', 'lab6_tth_scan.nxs');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pandaas-main-errors-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pandaas help NAME', () => {
  it('refuses a command that does not exist: status 2, one line naming it, no overview', async () => {
    const run = await runCli(['help', 'bogus']);
    expect(run.status).toBe(EXIT_CODES.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^pandaas: unknown command "bogus"; the commands are info, plot, .*\(pandaas --help\)\n$/);
  });

  it('still prints the overview for `help` alone, and a command\'s help for `help info`', async () => {
    const overview = await runCli(['help']);
    expect([overview.status, overview.stdout]).toEqual([EXIT_CODES.ok, (await runCli(['--help'])).stdout]);
    const info = await runCli(['help', 'info']);
    expect([info.status, info.stdout]).toEqual([EXIT_CODES.ok, (await runCli(['info', '--help'])).stdout]);
  });
});

describe('an expected failure with --json', () => {
  it('prints one JSON document {error: {message, exitCode, code}} on stdout, and keeps the line on stderr', async () => {
    const run = await runCli(['info', 'missing.nxs', '--json'], { cwd: dir });
    expect(run.status).toBe(EXIT_CODES.notFound);
    const message = `${join(dir, 'missing.nxs')}: no such file`;
    expect(run.stderr).toBe(`pandaas info: ${message}\n`);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(JSON.parse(run.stdout)).toEqual({ error: { message, exitCode: EXIT_CODES.notFound, code: null } });
  });

  it('gives the pandaas error code when there is one', async () => {
    const run = await runCli(['info', `${LAB6}::/entry/nothing`, '--json']);
    expect(run.status).toBe(EXIT_CODES.notFound);
    const doc = JSON.parse(run.stdout) as { error: { message: string; exitCode: number; code: string | null } };
    expect(doc.error.code).toBe('E_NOT_FOUND');
    expect(doc.error.exitCode).toBe(EXIT_CODES.notFound);
    expect(doc.error.message).toContain('/entry/nothing');
    expect(run.stderr).toBe(`pandaas info: ${doc.error.message}\n`);
  });

  it('does so for a usage error too, wherever --json stands', async () => {
    const unknown = await runCli(['bogus', '--json']);
    expect(unknown.status).toBe(EXIT_CODES.usage);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { exitCode: EXIT_CODES.usage, code: null, message: expect.stringMatching(/^unknown command "bogus"/) } });
    const option = await runCli(['info', '--json', LAB6, '--bogus']);
    expect(option.status).toBe(EXIT_CODES.usage);
    expect(JSON.parse(option.stdout)).toMatchObject({ error: { exitCode: EXIT_CODES.usage, message: expect.stringContaining('--bogus') } });
    expect(option.stderr).toMatch(/--bogus/);
  });

  it('prints nothing on stdout without --json', async () => {
    const run = await runCli(['info', 'missing.nxs'], { cwd: dir });
    expect([run.status, run.stdout]).toEqual([EXIT_CODES.notFound, '']);
  });
});
