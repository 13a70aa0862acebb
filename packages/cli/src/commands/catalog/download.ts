// `pandaas catalog download`: prepares the selection in IDS, waits while it is restored from tape,
// and streams it to -o FILE with a progress bar (one datafile as itself, several as IDS' zip).
// The IDS client writes FILE.part and moves it into place only when the size (and checksum) check
// out, so FILE is never half-written. The preparedId grants access to the data, so the resume
// state lives in the private config folder (<config>/pandaas/downloads/<sha256 of FILE>.json,
// mode 0600), not next to FILE. After a transfer failure FILE.part and that state stay for
// `--resume`; Ctrl-C removes both.
import { IdsClient, type IdsSelection } from '@pandaas/catalog-client';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ParsedArgs } from '../../framework/args.js';
import { CliError, InterruptedError, UsageError } from '../../framework/cli-error.js';
import type { CommandContext } from '../../framework/command.js';
import { EXIT_CODES } from '../../framework/exit-codes.js';
import { Progress } from '../../framework/progress.js';
import { configFolder, loadSession, writePrivateFile } from './session-store.js';

interface ResumeState {
  readonly preparedId: string;
  readonly selection: IdsSelection;
}

function idList(text: string | undefined, option: string): number[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',').map((part) => Number(part.trim()));
  if (ids.length === 0 || ids.some((id) => !Number.isInteger(id) || id < 0)) {
    throw new UsageError(`--${option} must be a comma-separated list of ids, got ${JSON.stringify(text)}`);
  }
  return ids;
}

async function readState(path: string): Promise<ResumeState | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ResumeState;
  } catch {
    return undefined;
  }
}

/**
 * Where the resume state (preparedId and selection) of a download to the absolute path `out` is
 * kept: `<config>/pandaas/downloads/<sha256 of out>.json`.
 *
 * @example
 * ```ts
 * resumeStatePath('/data/scan.h5'); // '~/.config/pandaas/downloads/5f1e….json'
 * ```
 */
export function resumeStatePath(out: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(configFolder(env), 'downloads', `${createHash('sha256').update(out).digest('hex')}.json`);
}

/**
 * Runs `catalog download --datafile-ids A,B | --dataset-ids C -o FILE [--resume] [--retries N]`.
 *
 * @example
 * ```ts
 * await catalogDownload(ctx, args); // pandaas catalog download --datafile-ids 7 -o scan.h5
 * ```
 */
export async function catalogDownload(ctx: CommandContext, args: ParsedArgs & { readonly json: boolean }): Promise<void> {
  const datafileIds = idList(args.text('datafile-ids'), 'datafile-ids');
  const datasetIds = idList(args.text('dataset-ids'), 'dataset-ids');
  if (!datafileIds && !datasetIds) throw new UsageError('catalog download needs --datafile-ids or --dataset-ids');
  const outText = args.text('output');
  if (outText === undefined) throw new UsageError('catalog download needs -o FILE');
  const out = resolve(ctx.cwd, outText);
  if (!existsSync(dirname(out))) throw new CliError(`the output folder ${dirname(out)} does not exist`, EXIT_CODES.notFound);
  if (existsSync(out) && !args.flag('overwrite')) throw new CliError(`the output ${out} exists: pass --overwrite to replace it, or choose another name`, EXIT_CODES.io);
  const session = await loadSession();
  if (session.kind !== 'icat') throw new UsageError('catalog download needs an ICAT session (SciCat serves no bytes): run pandaas catalog login --url ...');
  const selection: IdsSelection = { ...(datafileIds && { datafileIds }), ...(datasetIds && { datasetIds }) };
  const statePath = resumeStatePath(out);
  const part = `${out}.part`;
  const ids = new IdsClient({ url: args.text('ids') ?? session.url, session: { withSession: (call) => call(session.sessionId) }, retry: { maxAttempts: 3 } });
  ids.http.secrets.add(session.sessionId);

  let preparedId: string | undefined;
  const resume = args.flag('resume');
  if (resume) {
    const state = await readState(statePath);
    if (!state || !existsSync(part)) throw new CliError(`nothing to resume for ${out}: no ${part} from an earlier run`, EXIT_CODES.notFound);
    if (JSON.stringify(state.selection) !== JSON.stringify(selection)) throw new UsageError(`--resume: ${part} holds another selection (${JSON.stringify(state.selection)})`);
    preparedId = state.preparedId;
  } else {
    preparedId = await ids.prepareData(selection, { signal: ctx.signal });
    await writePrivateFile(statePath, `${JSON.stringify({ preparedId, selection })}\n`);
  }
  try {
    await ids.waitUntilPrepared(preparedId, {
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      signal: ctx.signal,
      onStatus: (s) => {
        if (!s.prepared) ctx.stderr.write(`waiting: data ${s.status} (poll ${s.poll})\n`);
      },
    });
    // getSize is the sum of the datafile sizes: the length of the download for one datafile only,
    // several come as a zip (headers and directory on top)
    const single = datafileIds?.length === 1 && !datasetIds;
    const total = single ? await ids.getSize(preparedId, { signal: ctx.signal }) : undefined;
    const progress = new Progress(ctx.stderr, { unit: 'bytes', total, interactive: ctx.interactive });
    const result = await ids.download(preparedId, out, {
      ...(total !== undefined && { expectedSize: total }),
      resume,
      overwrite: args.flag('overwrite'),
      maxResumes: args.integer('retries') ?? 5,
      signal: ctx.signal,
      onProgress: (p) => progress.advance(p.bytes - progress.done),
    });
    progress.finish();
    await rm(statePath, { force: true });
    const summary = { output: out, bytes: result.bytes, checksum: result.checksum };
    ctx.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : `wrote ${out}: ${result.bytes} bytes, CRC-32 ${result.checksum}\n`);
  } catch (err) {
    if (ctx.signal.aborted) {
      await rm(part, { force: true });
      await rm(statePath, { force: true });
      throw new InterruptedError();
    }
    if (existsSync(part)) ctx.stderr.write(`the partial download stays in ${part}: run the same command with --resume to continue it\n`);
    else await rm(statePath, { force: true });
    throw err;
  }
}
