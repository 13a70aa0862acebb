/**
 * Where and how every benchmark runner writes its JSON: the default path (benchmarks/results, or
 * the system's temporary folder for a `--quick` smoke test), the machine description, the atomic
 * write, and the report's output: the JSON on stdout, the table and targets on stderr.
 *
 * @example
 * ```ts
 * const out = resultsPath(`io-${hostSlug()}-${today()}.json`, options.quick);
 * await writeReport(out, { host: hostInfo(), targets }, { table: ioTable(files), targets, log });
 * ```
 * @module
 */
import { lstat, mkdir, rename, writeFile } from 'node:fs/promises';
import { arch, availableParallelism, cpus, hostname, platform, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Run from the sources (tsx) rather than from a bundle (the GPU host). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A target of the issue, and whether this run meets it (null: not measurable here). */
export interface TargetCheck {
  target: string;
  value: number | null;
  met: boolean | null;
  note?: string;
}

/** The log line of a target: `target: x < 2: met (1.50)`. */
function targetLine(t: TargetCheck): string {
  return `target: ${t.target}: ${t.met === null ? `n/a (${t.note ?? ''})` : t.met ? 'met' : 'NOT met'}${t.value === null ? '' : ` (${t.value.toPrecision(3)})`}`;
}

/** The host name, safe in a file name. @example `hostSlug() // 'vm'` */
export function hostSlug(): string {
  return hostname().replace(/[^A-Za-z0-9.-]+/g, '-');
}

/** Today's date, YYYY-MM-DD (UTC). @example `today() // '2026-11-28'` */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Where a runner writes `name` by default: benchmarks/results (a bundle: results/ in the working
 * folder), or with `quick` the system's temporary folder, so a smoke test leaves nothing in the
 * repository. @example `resultsPath('plot-vm.json', false) // '.../benchmarks/results/plot-vm.json'`
 */
export function resultsPath(name: string, quick: boolean): string {
  if (quick) return join(tmpdir(), 'pandaas-bench', name);
  return FROM_SOURCE ? join(HERE, '..', 'results', name) : join(process.cwd(), 'results', name);
}

/** The machine a benchmark ran on, for the JSON report. @example `hostInfo().cores` */
export function hostInfo(): { name: string; cpu: string; cores: number; memoryGiB: number; platform: string; node: string } {
  return {
    name: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${arch()}`,
    node: process.version,
  };
}

/** What {@link writeReport} prints beside the JSON, on stderr. */
export interface ReportSummary {
  /** The text table of the results. */
  table: string;
  targets: readonly TargetCheck[];
  /** Lines logged after the targets' (failures, say). */
  notes?: readonly string[];
  log: (message: string) => void;
}

/**
 * Writes a runner's report: the JSON atomically to `out` and on stdout, then on stderr the table,
 * a line per target, the notes and where the JSON went.
 * @example `await writeReport(out, report, { table: summaryTable(reports), targets: report.targets, log })`
 */
export async function writeReport(out: string, report: unknown, summary: ReportSummary): Promise<void> {
  const text = JSON.stringify(report, null, 2);
  await writeAtomically(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.stderr.write(`${summary.table}\n`);
  for (const t of summary.targets) summary.log(targetLine(t));
  for (const note of summary.notes ?? []) summary.log(note);
  summary.log(`wrote ${out}`);
}

/** Writes `text` to `path` through a temporary file in the same folder, then renames it. @example `await writeAtomically('out.json', '{}')` */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const existing = await lstat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) throw new Error(`${path} is not a regular file: results only ever replace a regular file`);
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temp, text);
  await rename(temp, path);
}
