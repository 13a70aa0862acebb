import { UsageError } from '../framework/cli-error.js';
import type { Command } from '../framework/command.js';
import { catalogDownload } from './catalog/download.js';
import { catalogIngest } from './catalog/ingest.js';
import { catalogLogin } from './catalog/login.js';
import { catalogSearch } from './catalog/search.js';

const SUBCOMMANDS = ['login', 'search', 'download', 'ingest'] as const;

/**
 * `pandaas catalog login|search|download|ingest`: log in to ICAT or SciCat (session kept in a
 * 0600 file), search with JPQL or a SciCat filter, download from IDS with a progress bar and
 * `--resume`, and turn a NeXus file into a catalogue entry (dry run, or `--commit`).
 *
 * @example
 * ```ts
 * import { main } from '@pandaas/cli';
 * await main(['catalog', 'ingest', 'examples/data/tooth/tooth_nxtomo.nxs']);
 * ```
 */
export const catalogCommand: Command = {
  name: 'catalog',
  summary: 'Log in to ICAT or SciCat, search, download from IDS (resumable), and make catalogue entries from NeXus files.',
  usage: 'pandaas catalog login|search|download|ingest [options]',
  description: [
    'login: --url URL --plugin P --username U (ICAT) or --scicat URL --username U. The password comes from',
    'PANDAAS_CATALOG_PASSWORD or the first line of standard input, never from an argument. The session is kept',
    'in $XDG_CONFIG_HOME/pandaas/catalog-session.json (else ~/.config/pandaas/), mode 0600, and never printed.',
    'search: --query JPQL (ICAT session) or --filter JSON (SciCat session, datasets); a table, or --json.',
    'download: --datafile-ids A,B and/or --dataset-ids C -o FILE (ICAT session; --ids URL when IDS is elsewhere).',
    'Waits while the data is restored from tape, shows bytes, bytes/s and ETA, resumes cut connections',
    '(--retries N times), and writes FILE only when complete and verified. After a failure FILE.part stays:',
    'the same command with --resume continues it on the same prepared id. Ctrl-C removes everything.',
    'ingest FILE.nxs: prints the catalogue entry (ICAT plan, SciCat body, release date = start_time, or the',
    'file\'s time, + --days-until-release) as JSON; --commit creates it in the catalogue of the session: ICAT',
    '(--investigation-id, --facility-id) or SciCat (--owner-group, --contact-email, --source-folder).',
  ].join('\n'),
  options: {
    url: { kind: 'text', placeholder: 'URL', description: 'login: the ICAT server' },
    scicat: { kind: 'text', placeholder: 'URL', description: 'login: the SciCat server' },
    plugin: { kind: 'text', placeholder: 'NAME', description: 'login: the ICAT authenticator', defaultText: 'db' },
    username: { kind: 'text', placeholder: 'NAME', description: 'login: the user name' },
    query: { kind: 'text', placeholder: 'JPQL', description: 'search: an ICAT query' },
    filter: { kind: 'text', placeholder: 'JSON', description: 'search: a SciCat dataset filter', defaultText: '{}' },
    'datafile-ids': { kind: 'text', placeholder: 'IDS', description: 'download: datafile ids, comma-separated' },
    'dataset-ids': { kind: 'text', placeholder: 'IDS', description: 'download: dataset ids, comma-separated' },
    ids: { kind: 'text', placeholder: 'URL', description: 'download: the IDS server', defaultText: 'the ICAT server' },
    output: { kind: 'text', short: 'o', placeholder: 'FILE', description: 'download: the file to write' },
    resume: { kind: 'flag', description: 'download: continue FILE.part left by an earlier run' },
    retries: { kind: 'integer', min: 0, placeholder: 'N', description: 'download: connection cuts to resume before giving up', defaultText: '5' },
    overwrite: { kind: 'flag', description: 'download: replace FILE if it exists' },
    entry: { kind: 'text', placeholder: 'PATH', description: 'ingest: the NXentry', defaultText: 'the default entry' },
    name: { kind: 'text', placeholder: 'NAME', description: 'ingest: the dataset name', defaultText: 'the file name' },
    technique: { kind: 'text', placeholder: 'PID:NAME', description: 'ingest: the PaNET technique of the file\'s application definition' },
    'days-until-release': { kind: 'integer', min: 0, placeholder: 'N', description: 'ingest: embargo length', defaultText: '1095' },
    commit: { kind: 'flag', description: 'ingest: create the dataset in the session\'s catalogue instead of printing it' },
    'investigation-id': { kind: 'integer', min: 0, placeholder: 'N', description: 'ingest --commit to ICAT: the investigation' },
    'facility-id': { kind: 'integer', min: 0, placeholder: 'N', description: 'ingest --commit to ICAT: the facility owning new parameter types' },
    'owner-group': { kind: 'text', placeholder: 'G', description: 'ingest --commit: the owner group' },
    'contact-email': { kind: 'text', placeholder: 'E', description: 'ingest --commit: the contact e-mail' },
    'source-folder': { kind: 'text', placeholder: 'F', description: 'ingest --commit: where the data lies' },
  },
  examples: [
    { command: 'pandaas catalog login --url https://icat.example.org --plugin db --username me < password.txt', description: 'log in to ICAT (password on stdin, or in PANDAAS_CATALOG_PASSWORD) and keep the session' },
    { command: 'pandaas catalog search --query "SELECT d FROM Dataset d WHERE d.investigation.name = \'INV-001\'"', description: 'list the datasets of an investigation' },
    { command: 'pandaas catalog download --datafile-ids 7 -o scan.h5 --resume', description: 'continue a download cut off earlier' },
    { command: 'pandaas catalog ingest examples/data/ssrl-lab6/lab6_tth_scan.nxs', description: 'the catalogue entry of the LaB6 scan, as JSON' },
  ],
  async run(ctx, args) {
    const [sub, ...rest] = args.positionals;
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UsageError(`catalog needs a subcommand: one of ${SUBCOMMANDS.join(', ')}${sub === undefined ? '' : `; got ${JSON.stringify(sub)}`}`);
    }
    if (sub === 'ingest') {
      if (rest.length > 1) throw new UsageError(`catalog ingest takes one FILE.nxs; got also ${rest.slice(1).map((e) => JSON.stringify(e)).join(' ')}`);
      return catalogIngest(ctx, args, rest[0]);
    }
    if (rest.length > 0) throw new UsageError(`catalog ${sub} takes no positional arguments; got ${rest.map((e) => JSON.stringify(e)).join(' ')}`);
    if (sub === 'login') return catalogLogin(ctx, args);
    if (sub === 'search') return catalogSearch(ctx, args);
    return catalogDownload(ctx, args);
  },
};
