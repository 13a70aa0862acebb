// The password for `pandaas catalog login`: from PANDAAS_CATALOG_PASSWORD, else the first line of
// standard input (never a command-line argument, which other users can see in the process list).
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';

/** The environment variable that may hold the password. */
export const PASSWORD_VARIABLE = 'PANDAAS_CATALOG_PASSWORD';

/**
 * Reads the password: the environment variable when set, else one line of `input` (stdin).
 *
 * @example
 * ```ts
 * const password = await readPassword(process.env, process.stdin);
 * ```
 */
export async function readPassword(env: NodeJS.ProcessEnv, input: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  const fromEnv = env[PASSWORD_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (input.isTTY) {
    throw new CliError(`no password: set ${PASSWORD_VARIABLE} or pipe it on standard input (it is never an argument)`, EXIT_CODES.usage);
  }
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new CliError(`no password: set ${PASSWORD_VARIABLE} or give it as the first line of standard input`, EXIT_CODES.usage);
  return line;
}
