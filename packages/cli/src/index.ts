/**
 * `@pandaas/cli`: the `pandaas` command — `info`, `plot`, `integrate`, `fit` and `demo` — as a
 * thin layer over the pandaas packages, and the same command callable from a program.
 *
 * @example
 * ```ts
 * import { EXIT_CODES, main } from '@pandaas/cli';
 * const status = await main(['info', 'scan.nxs', '--json']);
 * if (status !== EXIT_CODES.ok) console.error('pandaas info failed');
 * ```
 * @module
 */

export { main } from './main.js';
export type { MainOptions } from './main.js';
export { COMMANDS } from './commands/registry.js';
export { helpText } from './framework/command.js';
export type { Command, CommandContext, CommandExample, TextSink } from './framework/command.js';
export { ParsedArgs, parseCommandLine } from './framework/args.js';
export type { OptionKind, OptionSpec, OptionSpecs } from './framework/args.js';
export { EXIT_CODES } from './framework/exit-codes.js';
export type { ExitCode } from './framework/exit-codes.js';
export { CliError, InterruptedError, UsageError, describeFailure } from './framework/cli-error.js';
export type { Failure } from './framework/cli-error.js';
