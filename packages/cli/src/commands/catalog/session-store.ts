// The catalogue session `pandaas catalog login` keeps for the other subcommands: a JSON file
// readable by its owner only (mode 0600), under $XDG_CONFIG_HOME/pandaas or ~/.config/pandaas.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from '../../framework/cli-error.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';

/**
 * A stored session: ICAT (its session id) or SciCat (its JWT).
 *
 * @example
 * ```ts
 * const s: CatalogSession = { kind: 'scicat', url: 'https://scicat.example.org', token: 'eyJ...' };
 * ```
 */
export type CatalogSession =
  | { readonly kind: 'icat'; readonly url: string; readonly sessionId: string; readonly user: string }
  | { readonly kind: 'scicat'; readonly url: string; readonly token: string; readonly user: string };

/**
 * The folder pandaas keeps its catalogue state in: `$XDG_CONFIG_HOME/pandaas`, else `~/.config/pandaas`.
 *
 * @example
 * ```ts
 * configFolder({ XDG_CONFIG_HOME: '/tmp/cfg' }); // '/tmp/cfg/pandaas'
 * ```
 */
export function configFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'pandaas');
}

/**
 * The session file's path: `$XDG_CONFIG_HOME/pandaas/catalog-session.json`, else under `~/.config`.
 *
 * @example
 * ```ts
 * sessionPath({ XDG_CONFIG_HOME: '/tmp/cfg' }); // '/tmp/cfg/pandaas/catalog-session.json'
 * ```
 */
export function sessionPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configFolder(env), 'catalog-session.json');
}

/**
 * Writes `text` to `path` readable by its owner only: the folder made with mode 0700, a temporary
 * file with mode 0600 (chmod'ed, whatever the umask) renamed into place, so readers never see
 * half a file.
 *
 * @example
 * ```ts
 * await writePrivateFile('/home/me/.config/pandaas/x.json', '{}\n');
 * ```
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/**
 * Writes the session with mode 0600 (a temporary file in the same folder, renamed into place).
 *
 * @example
 * ```ts
 * await saveSession({ kind: 'icat', url, sessionId, user: 'db/root' });
 * ```
 */
export async function saveSession(session: CatalogSession, path = sessionPath()): Promise<void> {
  await writePrivateFile(path, `${JSON.stringify(session)}\n`);
}

/**
 * Reads the stored session; a CliError (exit 3) asking for `pandaas catalog login` when none.
 *
 * @example
 * ```ts
 * const session = await loadSession();
 * ```
 */
export async function loadSession(path = sessionPath()): Promise<CatalogSession> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`no catalogue session in ${path}: run pandaas catalog login first`, EXIT_CODES.notFound);
  }
  let session: unknown;
  try {
    session = JSON.parse(text);
  } catch {
    throw new CliError(`the session file ${path} is not JSON: run pandaas catalog login again`, EXIT_CODES.badInput);
  }
  const s = session as Partial<Record<string, unknown>>;
  const valid =
    typeof s.url === 'string' && typeof s.user === 'string' &&
    ((s.kind === 'icat' && typeof s.sessionId === 'string') || (s.kind === 'scicat' && typeof s.token === 'string'));
  if (!valid) throw new CliError(`the session file ${path} is not a pandaas catalogue session: run pandaas catalog login again`, EXIT_CODES.badInput);
  return session as CatalogSession;
}
