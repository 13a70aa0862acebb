import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands/registry.js';
import { EXIT_CODES } from './framework/exit-codes.js';
import { finished, runCli, spawnCli } from './testing/run-cli.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('pandaas', () => {
  it('lists every command with its summary, and says how exit statuses read', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(EXIT_CODES.ok);
    expect(COMMANDS.map((c) => c.name)).toEqual(['info', 'plot', 'integrate', 'fit', 'recon', 'catalog', 'demo']);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name}`);
    expect(run.stdout).toMatch(/130 interrupted/);
    const bare = await runCli([]);
    expect([bare.status, bare.stdout]).toEqual([EXIT_CODES.usage, run.stdout]);
  });

  it('prints its version, and a command help by `help NAME` or `NAME --help`', async () => {
    expect(await runCli(['--version'])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    const byHelp = await runCli(['help', 'integrate']);
    const byFlag = await runCli(['integrate', '--help']);
    expect(byHelp.stdout).toBe(byFlag.stdout);
    expect(byFlag.stdout).toMatch(/^Usage: pandaas integrate /);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help names every option and shows examples', async (name, command) => {
    const { stdout, status } = await runCli([name, '--help']);
    expect(status).toBe(0);
    for (const option of Object.keys(command.options)) expect(stdout).toContain(`--${option}`);
    expect(stdout).toContain('--json');
    expect(command.examples.length).toBeGreaterThan(0);
    for (const example of command.examples) expect(example.command.startsWith(`pandaas ${name}`)).toBe(true);
  });

  it('refuses an unknown command or option with status 2 and one line naming it', async () => {
    const unknown = await runCli(['integrat']);
    expect([unknown.status, unknown.stdout]).toEqual([EXIT_CODES.usage, '']);
    expect(unknown.stderr).toBe('pandaas: unknown command "integrat"; the commands are info, plot, integrate, fit, recon, catalog, demo (pandaas --help)\n');
    const option = await runCli(['info', '--bogus']);
    expect(option.status).toBe(EXIT_CODES.usage);
    expect(option.stderr).toMatch(/^pandaas info: Unknown option '--bogus'.*\n\(pandaas info --help shows the options\)\n$/);
  });

  it('as a real process: an expected failure is one line on stderr, no stack, with its exit status', async () => {
    const run = await finished(spawnCli(['info', 'no-such-file.h5']));
    expect(run.status).toBe(EXIT_CODES.notFound);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^pandaas info: .*no-such-file\.h5/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
