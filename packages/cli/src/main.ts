import { shutdownBackends } from '@pandaas/core';
import { parseCommandLine } from './framework/args.js';
import { describeFailure, UsageError, type Failure } from './framework/cli-error.js';
import { helpText, type CommandContext, type TextSink } from './framework/command.js';
import { EXIT_CODES } from './framework/exit-codes.js';
import { COMMANDS } from './commands/registry.js';
import { VERSION } from './version.js';

/** Where {@link main} writes and what stops it (the process's, unless given). */
export interface MainOptions {
  readonly stdout?: TextSink;
  readonly stderr?: TextSink;
  /** Whether stderr is a terminal (progress redrawn in place). */
  readonly interactive?: boolean;
  /** Stops the command (the `pandaas` executable aborts it on SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  readonly cwd?: string;
}

/**
 * Runs the `pandaas` command line `argv` (without `node` and the script) and returns its exit
 * status ({@link EXIT_CODES}): expected failures are one line on stderr, without stack, and,
 * when `--json` is anywhere in `argv`, also one JSON document on stdout:
 * `{"error":{"message":...,"exitCode":...,"code":...}}`.
 *
 * @example
 * ```ts
 * import { main } from '@pandaas/cli';
 * const status = await main(['info', 'scan.nxs', '--json']);
 * ```
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest[0] === undefined)) {
    stdout.write(overview());
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (name === '--version' || name === '-V') {
    stdout.write(`${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  const asked = name === 'help' ? rest[0]! : name;
  const command = COMMANDS.find((c) => c.name === asked);
  const context: CommandContext = {
    stdout,
    stderr,
    interactive: options.interactive ?? process.stderr.isTTY === true,
    signal: options.signal ?? new AbortController().signal,
    cwd: options.cwd ?? process.cwd(),
  };
  try {
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(asked)}; the commands are ${COMMANDS.map((c) => c.name).join(', ')} (pandaas --help)`);
    if (name === 'help') {
      stdout.write(helpText(command));
      return EXIT_CODES.ok;
    }
    const args = parseCommandLine(rest, command.options);
    if (args.flag('help')) {
      stdout.write(helpText(command));
      return EXIT_CODES.ok;
    }
    return (await command.run(context, Object.assign(args, { json: args.flag('json') }))) ?? EXIT_CODES.ok;
  } catch (err) {
    const failure = describeFailure(err);
    const where = command === undefined || name === 'help' ? '' : ` ${command.name}`;
    stderr.write(`pandaas${where}: ${failure.message}\n`);
    if (failure.exitCode === EXIT_CODES.usage && where !== '') stderr.write(`(pandaas${where} --help shows the options)\n`);
    if (failure.expected && argv.includes('--json')) stdout.write(`${JSON.stringify(failureDocument(failure))}\n`);
    return failure.exitCode;
  } finally {
    await shutdownBackends();
  }
}

/** The JSON document an expected failure prints on stdout in `--json` mode (`code`: the pandaas or system error code, else null). */
function failureDocument(failure: Failure) {
  return { error: { message: failure.message, exitCode: failure.exitCode, code: failure.code ?? null } };
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `pandaas ${VERSION}: photon and neutron data analysis on all CPU cores or a GPU (WebGPU).`,
    '',
    'Usage: pandaas COMMAND [options]      pandaas COMMAND --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Inputs are FILE::/path/in/file for HDF5/NeXus (the default NXdata when the path is left out),',
    'or a TIFF, EDF or CBF image file. Exit status: 0 done, 2 wrong command line, 3 not found,',
    '4 unreadable input, 5 inputs that do not fit together, 6 read/write failure, 7 backend',
    'unavailable, 130 interrupted (outputs under way removed), 1 internal error.',
    '',
  ].join('\n');
}

