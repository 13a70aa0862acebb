import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';

/** What an option takes: a flag, text (optionally one of `choices`), a number, or `a,b`. */
export type OptionKind = 'flag' | 'text' | 'number' | 'integer' | 'pair';

/** One option of a command, as `--help` shows it and the parser checks it. */
export interface OptionSpec {
  readonly kind: OptionKind;
  /** One sentence for `--help`. */
  readonly description: string;
  /** A one-letter alias (`-o`). */
  readonly short?: string;
  /** The value's name in `--help` (`FILE`, `N`); default from the kind. */
  readonly placeholder?: string;
  /** The accepted values of a text option. */
  readonly choices?: readonly string[];
  /** Smallest accepted number (inclusive). */
  readonly min?: number;
  /** Largest accepted number (inclusive). */
  readonly max?: number;
  /** Whether the option may repeat (its values collected in order). */
  readonly multiple?: boolean;
  /** The default, shown in `--help` (the command applies it). */
  readonly defaultText?: string;
}

/** A command's options by long name (without `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * A parsed command line: typed accessors that return undefined when an option was not given.
 *
 * @example
 * ```ts
 * const args = parseCommandLine(['in.h5', '--npt', '500'], { npt: { kind: 'integer', description: 'bins', min: 1 } });
 * args.integer('npt'); // 500
 * args.positionals; // ['in.h5']
 * ```
 */
export class ParsedArgs {
  /** The arguments that are not options, in order. */
  readonly positionals: readonly string[];
  readonly #values: Readonly<Record<string, unknown>>;

  constructor(values: Readonly<Record<string, unknown>>, positionals: readonly string[]) {
    this.#values = values;
    this.positionals = positionals;
  }

  /** Whether a flag was given. */
  flag(name: string): boolean {
    return this.#values[name] === true;
  }

  /** A text option (the last one when repeated). */
  text(name: string): string | undefined {
    const value = this.#values[name];
    return Array.isArray(value) ? (value.at(-1) as string | undefined) : (value as string | undefined);
  }

  /** Every value of a repeatable text option. */
  texts(name: string): readonly string[] {
    const value = this.#values[name];
    return value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [value as string];
  }

  /** A number option, checked when parsed. */
  number(name: string): number | undefined {
    return this.#values[name] as number | undefined;
  }

  /** An integer option, checked when parsed. */
  integer(name: string): number | undefined {
    return this.#values[name] as number | undefined;
  }

  /** A `a,b` option as two numbers. */
  pair(name: string): [number, number] | undefined {
    return this.#values[name] as [number, number] | undefined;
  }
}

/**
 * Parses `argv` against a command's options: unknown options, missing values, numbers that are
 * not numbers or out of range, and values outside `choices` are {@link UsageError}s naming the
 * option and the value. `--help` and `--json` are accepted by every command.
 *
 * @example
 * ```ts
 * const args = parseCommandLine(['--unit', 'q_nm^-1'], { unit: { kind: 'text', description: 'unit', choices: ['q_nm^-1', '2th_deg'] } });
 * args.text('unit'); // 'q_nm^-1'
 * ```
 */
export function parseCommandLine(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
  };
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.kind === 'flag' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, specs), options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
  const values: Record<string, unknown> = { ...parsed.values };
  for (const [name, spec] of Object.entries(specs)) {
    const raw = values[name];
    if (raw === undefined || spec.kind === 'flag') continue;
    const convert = (text: string) => convertValue(name, spec, text);
    values[name] = Array.isArray(raw) ? raw.map((text) => convert(text as string)) : convert(raw as string);
  }
  return new ParsedArgs(values, parsed.positionals);
}

/**
 * `--dummy -2` as `--dummy=-2`: parseArgs refuses a separate value that starts with a dash, but
 * a negative number (`-2`, `-.5`, `-180,180`, `-1:`) cannot be an option, as no option name
 * starts with a digit.
 */
function joinNegativeValues(argv: readonly string[], specs: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return [...out, ...argv.slice(i)];
    const spec = token.startsWith('--') ? specs[token.slice(2)] : undefined;
    const next = argv[i + 1];
    if (spec !== undefined && spec.kind !== 'flag' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

function convertValue(name: string, spec: OptionSpec, text: string): unknown {
  const bad = (what: string) => new UsageError(`--${name} must be ${what}; got ${JSON.stringify(text)}`);
  if (spec.kind === 'text') {
    if (spec.choices && !spec.choices.includes(text)) throw bad(`one of ${spec.choices.join(', ')}`);
    return text;
  }
  if (spec.kind === 'pair') {
    const parts = text.split(',').map((part) => part.trim());
    const numbers = parts.map(Number);
    if (parts.length !== 2 || parts.some((part) => part === '') || numbers.some((n) => !Number.isFinite(n))) throw bad('two numbers a,b');
    if (numbers[0]! >= numbers[1]!) throw bad('two increasing numbers a,b (a < b)');
    return numbers;
  }
  const value = text.trim() === '' ? NaN : Number(text);
  const range = `${spec.min === undefined ? '' : ` >= ${spec.min}`}${spec.min !== undefined && spec.max !== undefined ? ' and' : ''}${spec.max === undefined ? '' : ` <= ${spec.max}`}`;
  const what = `${spec.kind === 'integer' ? 'an integer' : 'a finite number'}${range}`;
  if (!Number.isFinite(value) || (spec.kind === 'integer' && !Number.isInteger(value))) throw bad(what);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) throw bad(what);
  return value;
}
