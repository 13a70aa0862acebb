import { existsSync, rmSync } from 'node:fs';
import { lstat, mkdtemp, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, InterruptedError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/** Options of {@link withOutputs}. */
export interface OutputOptions {
  /** Replace outputs that exist (default false: refuse before any work is done). */
  readonly overwrite?: boolean;
  /** The command's input files: an output may never be one of them, even with `overwrite`. */
  readonly inputs?: readonly string[];
  /** Stops the work: the outputs under way are removed and an {@link InterruptedError} thrown. */
  readonly signal?: AbortSignal;
}

/** The staging folders of every command under way in this process (removed on a hard exit). */
const staging = new Set<string>();

/**
 * Removes, synchronously, the staging folders of every output under way: for a process that is
 * about to exit (a second Ctrl-C), so that no partial file is left behind.
 *
 * @example
 * ```ts
 * process.once('exit', removeStagedOutputsSync);
 * ```
 */
export function removeStagedOutputsSync(): void {
  for (const folder of staging) rmSync(folder, { recursive: true, force: true });
  staging.clear();
}

/**
 * Runs `work` with temporary paths for the output files or folders `destinations`, then moves
 * them all into place, all or nothing: the outputs that exist are moved aside first, then every
 * new one renamed in, and a failure on the way puts the previous ones back. Each temporary path
 * lies in a hidden staging folder beside its destination (same file system, so the move is a
 * rename), and everything a writer leaves there (its own temporary files too) goes when the work
 * fails or is interrupted: a failed run leaves no half-written output. Checked before the work starts: the destination's folder exists, no
 * destination is an input, and none exists unless `overwrite`.
 *
 * @example
 * ```ts
 * await withOutputs(['result.nxs', 'result.png'], { inputs: ['frames.h5'] }, async ([nxs, png]) => {
 *   await writeResult(nxs!);
 *   await writePng(png!);
 * });
 * ```
 */
export async function withOutputs<T>(
  destinations: readonly string[],
  options: OutputOptions,
  work: (paths: readonly string[]) => Promise<T>,
): Promise<T> {
  const targets = destinations.map((path) => resolve(path));
  await checkDestinations(targets, options);
  const folders: string[] = [];
  /** Staging folders that hold a previous output which could not be put back (never removed). */
  const kept = new Set<string>();
  try {
    const paths: string[] = [];
    for (const target of targets) {
      const folder = await mkdtemp(join(dirname(target), '.pandaas-partial-'));
      staging.add(folder);
      folders.push(folder);
      paths.push(join(folder, basename(target)));
    }
    const result = await work(paths);
    if (options.signal?.aborted) throw new InterruptedError();
    await moveAllIntoPlace(paths, targets, folders, kept);
    return result;
  } catch (err) {
    throw options.signal?.aborted && !(err instanceof CliError) ? new InterruptedError() : err;
  } finally {
    for (const folder of folders) {
      staging.delete(folder);
      if (!kept.has(folder)) await rm(folder, { recursive: true, force: true });
    }
  }
}

async function checkDestinations(targets: readonly string[], options: OutputOptions): Promise<void> {
  const inputs = await Promise.all((options.inputs ?? []).map(async (input) => realpath(resolve(input)).catch(() => resolve(input))));
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target)) throw new CliError(`${target} is named twice as an output`, EXIT_CODES.usage);
    seen.add(target);
    if (!existsSync(dirname(target))) throw new CliError(`the output folder ${dirname(target)} does not exist`, EXIT_CODES.notFound);
    const real = await realpath(target).catch(() => target);
    if (inputs.includes(real)) throw new CliError(`the output ${target} is an input of this command: choose another name`, EXIT_CODES.usage);
    if (existsSync(target) && options.overwrite !== true) {
      throw new CliError(`the output ${target} exists: pass --overwrite to replace it, or choose another name`, EXIT_CODES.io);
    }
  }
}

/** Where a target that exists is moved aside while the outputs replace it (inside its staging folder). */
const ASIDE = '.replaced';

/**
 * Moves every staged output into place, all or nothing: first every target that exists is moved
 * aside into its staging folder, then every staged output is renamed into place. When any step
 * fails, what was moved in is removed and the targets moved aside are put back, then the error
 * is thrown. A target that cannot be put back is left in its staging folder (kept, named in
 * the error).
 */
async function moveAllIntoPlace(staged: readonly string[], targets: readonly string[], folders: readonly string[], kept: Set<string>): Promise<void> {
  for (const [i, path] of staged.entries()) {
    if ((await lstat(path).catch(() => undefined)) === undefined) throw new CliError(`internal error: nothing was written for ${targets[i]}`, EXIT_CODES.internal);
  }
  const aside: number[] = [];
  const movedIn: number[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      if ((await lstat(target).catch(() => undefined)) === undefined) continue;
      await rename(target, join(folders[i]!, ASIDE));
      aside.push(i);
    }
    for (const [i, target] of targets.entries()) {
      await rename(staged[i]!, target);
      movedIn.push(i);
    }
  } catch (err) {
    const lost: string[] = [];
    for (const i of movedIn.reverse()) await rm(targets[i]!, { recursive: true, force: true }).catch(() => undefined);
    for (const i of aside.reverse()) {
      const restored = await rename(join(folders[i]!, ASIDE), targets[i]!).then(() => true, () => false);
      if (!restored) {
        kept.add(folders[i]!);
        lost.push(`${targets[i]} (kept as ${join(folders[i]!, ASIDE)})`);
      }
    }
    if (lost.length === 0) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new CliError(`moving the outputs into place failed (${reason}), and the previous ${lost.join(', ')} could not be put back`, EXIT_CODES.io, { cause: err });
  }
}
