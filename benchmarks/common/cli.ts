/**
 * What every benchmark runner shares on its command line: option value parsers that name the
 * option in their errors, the backend and reference options, the stderr logger, and
 * {@link runBenchmark}, which turns a runner's `main` into the process (usage, help, exit status).
 *
 * @example
 * ```ts
 * const { values } = parseArgs({ args: argv, options: { ...RUN_ARGS, ...referenceArgs('reference.py'), runs: { type: 'string' } }, strict: true });
 * const runs = positiveIntegerOr(values.runs, values.quick ? 3 : 10, '--runs');
 * ```
 * @module
 */

/** The backends the runners measure. */
const BACKENDS = ['cpu', 'webgpu'] as const;
/** A backend the runners measure. */
export type BackendName = (typeof BACKENDS)[number];

/** `parseArgs` options of every runner: `--quick`, `--out FILE`, `--python PATH`, `--help`. */
export const RUN_ARGS = {
  quick: { type: 'boolean', default: false },
  out: { type: 'string' },
  python: { type: 'string', default: '/usr/bin/python3' },
  help: { type: 'boolean', default: false },
} as const;

/**
 * `parseArgs` options of a runner with a Python reference script: `--reference PATH` (default
 * `defaultReference`) and `--no-reference`. @example `parseArgs({ options: { ...RUN_ARGS, ...referenceArgs(script) } })`
 */
export function referenceArgs(defaultReference: string): {
  reference: { type: 'string'; default: string };
  'no-reference': { type: 'boolean'; default: false };
} {
  return {
    reference: { type: 'string', default: defaultReference },
    'no-reference': { type: 'boolean', default: false },
  };
}

/** The parsed {@link RUN_ARGS}. */
export interface RunChoice {
  help: boolean;
  quick: boolean;
  /** Where to write the JSON; the default is chosen by the runner. */
  out?: string;
  python: string;
}

/** The {@link RUN_ARGS} of parsed values. @example `runChoice(values).python // '/usr/bin/python3'` */
export function runChoice(values: { help: boolean; quick: boolean; out?: string; python: string }): RunChoice {
  return { help: values.help, quick: values.quick, ...(values.out !== undefined && { out: values.out }), python: values.python };
}

/** The parsed {@link referenceArgs}. */
export interface ReferenceChoice {
  /** The reference script's path; undefined with `--no-reference`. */
  reference?: string;
}

/** The reference script of parsed {@link referenceArgs} values. @example `referenceChoice(values).reference` */
export function referenceChoice(values: { reference: string; 'no-reference': boolean }): ReferenceChoice {
  return values['no-reference'] ? {} : { reference: values.reference };
}

/** The items of repeated and comma-separated option values, trimmed, empty ones dropped. @example `splitList(['cpu,webgpu', ' cpu']) // ['cpu', 'webgpu', 'cpu']` */
export function splitList(values: string | readonly string[] | undefined): string[] {
  const all = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** `value` as a positive safe integer; throws an Error naming `option` otherwise. @example `positiveInteger('5', '--runs') // 5` */
export function positiveInteger(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${option} must be a positive integer; got ${JSON.stringify(value)}`);
  return n;
}

/** {@link positiveInteger}, or `fallback` when the option was not given. @example `positiveIntegerOr(undefined, 10, '--runs') // 10` */
export function positiveIntegerOr(value: string | undefined, fallback: number, option: string): number {
  return value === undefined ? fallback : positiveInteger(value, option);
}

/** `values` without repeats, each one of `allowed`; throws an Error naming `option` otherwise. @example `oneOf(['fft', 'fft'], CASE_IDS, '--case') // ['fft']` */
export function oneOf<T extends string>(values: readonly string[], allowed: readonly T[], option: string): T[] {
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new Error(`${option} must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
  }
  return [...new Set(values)] as T[];
}

/** The parsed `--backend` option. */
export interface BackendChoice {
  /** The backends to measure: those named, else every one. */
  backends: BackendName[];
  /** Whether `--backend` was given: a backend asked for by name must work (else exit 1). */
  backendsRequested: boolean;
}

/** The backends of `--backend` values. @example `backendChoice(['webgpu']) // { backends: ['webgpu'], backendsRequested: true }` */
export function backendChoice(values: readonly string[] | undefined): BackendChoice {
  const backends = oneOf(splitList(values), BACKENDS, '--backend');
  return { backends: backends.length > 0 ? backends : [...BACKENDS], backendsRequested: backends.length > 0 };
}

/** The message of an error, or the thrown value as text. @example `errorText(new Error('no GPU')) // 'no GPU'` */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A logger writing `[tag] message` lines to stderr. @example `const log = logger('bench:io'); log('warming up')` */
export function logger(tag: string): (message: string) => void {
  return (message) => {
    process.stderr.write(`[${tag}] ${message}\n`);
  };
}

/**
 * Runs a benchmark as the process: parses the command line with `parse` (a lone `--`, which
 * `pnpm bench -- --quick` passes on, is dropped), prints the error and `usage` and exits with 2
 * when it throws, prints `usage` and exits with 0 on `--help`, else exits with the status `main`
 * returns (1, with the stack, when it throws).
 * @example `runBenchmark(USAGE, (argv) => parseOptions(argv, 'reference.py'), main)`
 */
export function runBenchmark<T extends { help: boolean }>(usage: string, parse: (argv: string[]) => T, main: (options: T) => Promise<number>): void {
  const start = async (): Promise<number> => {
    let options: T;
    try {
      options = parse(process.argv.slice(2).filter((arg) => arg !== '--'));
    } catch (err) {
      process.stderr.write(`${errorText(err)}\n${usage}\n`);
      return 2;
    }
    if (options.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    return main(options);
  };
  start().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
