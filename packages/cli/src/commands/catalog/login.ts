// `pandaas catalog login`: logs in to ICAT (any authenticator plugin) or SciCat and stores the
// session for the other subcommands. The password never comes from an argument and is never printed.
import { IcatClient, SciCatClient } from '@pandaas/catalog-client';
import type { ParsedArgs } from '../../framework/args.js';
import { UsageError } from '../../framework/cli-error.js';
import type { CommandContext } from '../../framework/command.js';
import { readPassword } from './password.js';
import { saveSession, sessionPath, type CatalogSession } from './session-store.js';

/**
 * Runs `catalog login`: `--url URL --plugin P --username U` (ICAT) or `--scicat URL --username U`.
 *
 * @example
 * ```ts
 * await catalogLogin(ctx, args); // PANDAAS_CATALOG_PASSWORD=... pandaas catalog login --url https://icat.example.org --plugin db --username me
 * ```
 */
export async function catalogLogin(ctx: CommandContext, args: ParsedArgs & { readonly json: boolean }): Promise<void> {
  const icatUrl = args.text('url');
  const scicatUrl = args.text('scicat');
  const username = args.text('username');
  if ((icatUrl === undefined) === (scicatUrl === undefined)) throw new UsageError('catalog login needs one of --url (ICAT) or --scicat (SciCat)');
  if (username === undefined || username === '') throw new UsageError('catalog login needs --username');
  const plugin = args.text('plugin') ?? 'db';
  const password = await readPassword(process.env, process.stdin);
  let session: CatalogSession;
  if (icatUrl !== undefined) {
    const client = new IcatClient({ url: icatUrl, retry: { maxAttempts: 2 } });
    await client.login(plugin, { username, password }, { signal: ctx.signal });
    const sessionId = await client.withSession(async (sid) => sid, { signal: ctx.signal });
    session = { kind: 'icat', url: icatUrl, sessionId, user: `${plugin}/${username}` };
  } else {
    const client = new SciCatClient({ url: scicatUrl as string, retry: { maxAttempts: 2 } });
    const answer = await client.login(username, password, { signal: ctx.signal });
    session = { kind: 'scicat', url: scicatUrl as string, token: answer.access_token, user: username };
  }
  const path = sessionPath();
  await saveSession(session, path);
  const summary = { kind: session.kind, url: session.url, user: session.user, sessionFile: path };
  ctx.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : `logged in to ${session.kind === 'icat' ? 'ICAT' : 'SciCat'} at ${session.url} as ${session.user}; session kept in ${path} (mode 0600)\n`);
}
