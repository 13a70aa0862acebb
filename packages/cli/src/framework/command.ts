import type { OptionSpecs, ParsedArgs } from './args.js';

/** Where a command writes, and how it is stopped. */
export interface CommandContext {
  /** Results (text, or JSON with `--json`). */
  readonly stdout: TextSink;
  /** Progress, warnings and errors. */
  readonly stderr: TextSink;
  /** Whether stderr is a terminal: progress bars redraw in place, else plain lines. */
  readonly interactive: boolean;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: stop, remove outputs under way. */
  readonly signal: AbortSignal;
  /** The folder relative paths start from. */
  readonly cwd: string;
}

/** Something text is written to (`process.stdout`, a test's buffer). */
export interface TextSink {
  write(text: string): unknown;
}

/** An example for `--help`: the command line and what it does. */
export interface CommandExample {
  readonly command: string;
  readonly description: string;
}

/**
 * One `pandaas` subcommand: its options (parsed and checked before `run`), its `--help` text and
 * what it does. `run` returns the exit status (0 when it returns nothing) and throws
 * {@link CliError}s or pandaas' typed errors for expected failures.
 *
 * @example
 * ```ts
 * const hello: Command = {
 *   name: 'hello', summary: 'Says hello.', usage: 'pandaas hello [NAME]', options: {}, examples: [],
 *   run: async (ctx, args) => void ctx.stdout.write(`hello ${args.positionals[0] ?? 'world'}\n`),
 * };
 * ```
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, e.g. `pandaas info FILE[::/path] [options]`. */
  readonly usage: string;
  /** Paragraphs for `--help` after the synopsis. */
  readonly description?: string;
  readonly options: OptionSpecs;
  readonly examples: readonly CommandExample[];
  run(ctx: CommandContext, args: ParsedArgs & { readonly json: boolean }): Promise<number | void>;
}

const PLACEHOLDERS = { flag: '', text: 'TEXT', number: 'X', integer: 'N', pair: 'A,B' } as const;

/**
 * The `--help` text of a command: synopsis, description, options with their defaults and
 * choices, and examples.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText(infoCommand));
 * ```
 */
export function helpText(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  const rows: [string, string][] = Object.entries(command.options).map(([name, spec]) => {
    const placeholder = spec.kind === 'flag' ? '' : ` ${spec.placeholder ?? PLACEHOLDERS[spec.kind]}`;
    const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${placeholder}`;
    const notes = [spec.choices ? `one of: ${spec.choices.join(', ')}` : '', spec.defaultText ? `default: ${spec.defaultText}` : '', spec.multiple ? 'repeatable' : '']
      .filter(Boolean)
      .join('; ');
    return [left, `${spec.description}${notes ? ` (${notes})` : ''}`];
  });
  rows.push(['    --json', 'print the result as JSON on stdout'], ['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  lines.push('', 'Options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`));
  if (command.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of command.examples) lines.push(`  ${example.command}`, `      ${example.description}`);
  }
  return `${lines.join('\n')}\n`;
}
