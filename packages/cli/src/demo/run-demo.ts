/**
 * The whole demo: analyse the scan, render the figures, and write the output folder in one
 * piece (staged beside it and moved into place only when complete, so that a failed run leaves
 * the previous output as it was).
 *
 * @module
 */
import type { EngineBackend } from '@pandaas/integrate';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { CliError } from '../framework/cli-error.js';
import type { TextSink } from '../framework/command.js';
import { EXIT_CODES } from '../framework/exit-codes.js';
import { withOutputs } from '../framework/outputs.js';
import { VERSION } from '../version.js';
import { analyseScan } from './analysis.js';
import { findToothData } from './data-origin.js';
import { renderFigures, type OutputFile } from './figures.js';
import { renderHtmlReport } from './html-report.js';
import { machineInfo, packageVersions } from './machine.js';
import { writeResultNexus } from './nexus-output.js';
import { reconstructTooth } from './reconstruct-tooth.js';
import { buildReport, type DemoReport } from './report.js';
import { Steps } from './steps.js';

/** The files of the output folder besides the figures. */
export const DEMO_FILES = {
  nexus: 'results.nxs',
  json: 'results.json',
  html: 'report.html',
} as const;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The scan (absolute path). */
  readonly input: string;
  /** The output folder (absolute path): made, or replaced when it holds a previous demo output. */
  readonly output: string;
  readonly backend: EngineBackend;
  /** Whether `input` is the bundled scan (its origin and licence go into the report). */
  readonly bundled: boolean;
  /** Where the steps are logged as they finish. */
  readonly log: TextSink;
  readonly signal?: AbortSignal;
}

/** What a run produced. */
export interface DemoRun {
  /** The document written to results.json, with the timings of every step (writing included). */
  readonly report: DemoReport;
  /** The report's path. */
  readonly reportPath: string;
}

/** Whether `folder` holds the results.json of a previous demo run. */
function isDemoOutput(folder: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(folder, DEMO_FILES.json), 'utf8')) as { program?: unknown }).program === 'pandaas demo';
  } catch {
    return false;
  }
}

/**
 * Refuses an output folder that exists but is not a previous demo output (it would be replaced,
 * and everything in it lost), and one that holds the input.
 */
function checkOutputFolder(output: string, input: string): void {
  const inside = relative(output, input);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new CliError(`the output folder ${output} holds the input ${input}: choose another --output`, EXIT_CODES.usage);
  }
  if (!existsSync(output)) return;
  if (!statSync(output).isDirectory()) throw new CliError(`the output ${output} exists and is not a folder: choose another --output`, EXIT_CODES.io);
  if (readdirSync(output).length === 0) return;
  if (!isDemoOutput(output)) {
    throw new CliError(
      `the output folder ${output} exists and is not a previous pandaas demo output (no ${DEMO_FILES.json} of the demo in it): the demo replaces its output folder, so choose another --output or remove that folder`,
      EXIT_CODES.io,
    );
  }
}

/**
 * Runs the demo: steps read, integrate, fit, compare, reconstruct (the bundled tooth scan, when
 * this installation holds it), plot and write, each timed.
 *
 * @throws CliError for an output folder it may not replace, an input of another layout; the
 * packages' typed errors (a missing file, an unavailable backend); InterruptedError when aborted.
 * @example
 * ```ts
 * const { report, reportPath } = await runDemo({ input, output: resolve('demo-output'), backend: 'cpu', bundled: true, log: process.stderr });
 * ```
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const output = resolve(options.output);
  const input = resolve(options.input);
  checkOutputFolder(output, input);
  const steps = new Steps(options.log, options.signal);
  const analysis = await analyseScan(input, options.backend, steps, options.signal);
  const toothPath = findToothData();
  const tooth = toothPath === undefined
    ? undefined
    : await steps.run('reconstruct', "tooth scan (NXtomo): axis by Vo's method, FBP of its 2 rows", () => reconstructTooth(toothPath, options.backend, options.signal));
  const figures = await steps.run('plot', `frames with predicted rings, patterns with fits, peak close-ups${tooth === undefined ? '' : ', a tooth slice'} (PNG)`, () => renderFigures(analysis, options.signal, tooth));
  const files: OutputFile[] = [
    { name: DEMO_FILES.html, description: 'this report' },
    { name: DEMO_FILES.nexus, description: 'NeXus file: one NXprocess per frame with its 1D pattern (NXdata), and the fitted peaks (NXdata, the default plot)' },
    { name: DEMO_FILES.json, description: 'every number of this report, machine-readable' },
    ...figures.map(({ name, description }) => ({ name, description })),
  ];
  let written: DemoReport | undefined;
  await withOutputs([output], { overwrite: true, inputs: [input], ...(options.signal ? { signal: options.signal } : {}) }, async ([staged]) => {
    const folder = staged!;
    await mkdir(folder);
    await steps.run('write', `${files.length} files`, async () => {
      await writeResultNexus(join(folder, DEMO_FILES.nexus), analysis, VERSION);
      for (const figure of figures) await writeFile(join(folder, figure.name), figure.png);
      written = buildReport(analysis, { bundled: options.bundled, timings: steps.timings, machine: machineInfo(options.backend), versions: packageVersions(), files, ...(tooth === undefined ? {} : { tooth }) });
      await writeFile(join(folder, DEMO_FILES.json), `${JSON.stringify(written, null, 2)}\n`);
      await writeFile(join(folder, DEMO_FILES.html), renderHtmlReport(written, figures));
    });
  });
  return { report: { ...written!, timings: steps.timings }, reportPath: join(output, DEMO_FILES.html) };
}
