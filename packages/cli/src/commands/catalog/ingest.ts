// `pandaas catalog ingest FILE.nxs`: the catalogue entry of a NeXus file (ICAT plan and SciCat
// body, with the release date) printed as JSON; with --commit it is created in the catalogue of the
// stored session (ICAT: Dataset, parameters and techniques; SciCat: the dataset).
import { catalogueEntry, createIcatDataset, SciCatClient, type CatalogueEntry, type PanetTechnique } from '@pandaas/catalog-client';
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { ParsedArgs } from '../../framework/args.js';
import { CliError, UsageError } from '../../framework/cli-error.js';
import type { CommandContext } from '../../framework/command.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { readNexusEntry } from './nexus-metadata.js';
import { storedIcatClient, withStoredSession } from './icat-session.js';
import { loadSession, type CatalogSession } from './session-store.js';

function technique(text: string | undefined): PanetTechnique | undefined {
  if (text === undefined) return undefined;
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw new UsageError(`--technique must be PID:NAME (e.g. PaNET01196:x-ray absorption spectroscopy), got ${JSON.stringify(text)}`);
  return { pid: text.slice(0, colon), name: text.slice(colon + 1) };
}

function requiredId(args: ParsedArgs, name: string): number {
  const value = args.integer(name);
  if (value === undefined) throw new UsageError(`catalog ingest --commit to ICAT needs --${name}`);
  return value;
}

function required(args: ParsedArgs, name: string): string {
  const value = args.text(name);
  if (value === undefined || value === '') throw new UsageError(`catalog ingest --commit needs --${name}`);
  return value;
}

/**
 * Runs `catalog ingest FILE.nxs [--name N] [--technique PID:NAME] [--days-until-release N] [--commit ...]`.
 *
 * @example
 * ```ts
 * await catalogIngest(ctx, args); // pandaas catalog ingest examples/data/tooth/tooth_nxtomo.nxs
 * ```
 */
export async function catalogIngest(ctx: CommandContext, args: ParsedArgs & { readonly json: boolean }, fileText: string | undefined): Promise<void> {
  if (fileText === undefined) throw new UsageError('catalog ingest needs a FILE.nxs');
  const file = resolve(ctx.cwd, fileText);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new CliError(`no such file: ${file}`, EXIT_CODES.notFound);
  const meta = await readNexusEntry(file, args.text('entry'));
  const given = technique(args.text('technique'));
  if (given && meta.definition === undefined) throw new UsageError(`--technique: ${fileText} names no application definition (/entry/definition) to attach it to`);
  const entry = catalogueEntry(meta, {
    name: args.text('name') ?? basename(file, extname(file)),
    ...(given && meta.definition !== undefined && { techniques: { [meta.definition]: given } }),
    fallbackStart: info.mtime,
    ...(args.integer('days-until-release') !== undefined && { daysUntilRelease: args.integer('days-until-release') }),
  });
  if (!args.flag('commit')) {
    ctx.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
    return;
  }
  const session = await loadSession();
  const summary = session.kind === 'icat' ? await commitIcat(ctx, args, session, entry) : await commitSciCat(ctx, args, session, entry);
  ctx.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : `created ${summary.catalogue} dataset ${summary.id} (release ${entry.releaseDate})\n`);
}

interface CommitSummary {
  readonly catalogue: 'ICAT' | 'SciCat';
  readonly id: string | number;
  readonly releaseDate: string;
}

async function commitIcat(ctx: CommandContext, args: ParsedArgs, session: CatalogSession & { kind: 'icat' }, entry: CatalogueEntry): Promise<CommitSummary> {
  const icat = storedIcatClient(session);
  const target = { investigationId: requiredId(args, 'investigation-id'), facilityId: requiredId(args, 'facility-id') };
  const id = await withStoredSession(() => createIcatDataset(icat, entry.icat, target, { signal: ctx.signal }));
  return { catalogue: 'ICAT', id, releaseDate: entry.releaseDate };
}

async function commitSciCat(ctx: CommandContext, args: ParsedArgs, session: CatalogSession & { kind: 'scicat' }, entry: CatalogueEntry): Promise<CommitSummary> {
  const client = new SciCatClient({ url: session.url, token: session.token, retry: { maxAttempts: 2 } });
  const created = await client.datasets.create(
    { ...entry.scicat, owner: session.user, ownerGroup: required(args, 'owner-group'), contactEmail: required(args, 'contact-email'), sourceFolder: required(args, 'source-folder') },
    { signal: ctx.signal },
  );
  return { catalogue: 'SciCat', id: created.pid, releaseDate: entry.releaseDate };
}
