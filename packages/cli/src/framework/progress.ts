import type { TextSink } from './command.js';

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** What is counted (`frames`, `curves`). */
  readonly unit: string;
  /** The total, when known. */
  readonly total?: number;
  /** Redraw one line in place (a terminal), else write a plain line now and then. */
  readonly interactive: boolean;
  /** Seconds between plain lines (default 5). */
  readonly every?: number;
  /** The clock in milliseconds (tests). */
  readonly now?: () => number;
}

const BAR = 24;

/**
 * A progress report on stderr: on a terminal one line redrawn in place (bar, count, rate, ETA),
 * elsewhere (a log, a pipe) a plain line every few seconds and at the end.
 *
 * @example
 * ```ts
 * const progress = new Progress(process.stderr, { unit: 'frames', total: 100, interactive: process.stderr.isTTY });
 * for (let i = 0; i < 100; i++) progress.advance(1);
 * progress.finish();
 * ```
 */
export class Progress {
  readonly #sink: TextSink;
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  readonly #start: number;
  #done = 0;
  #lastDraw = -Infinity;
  #drawnDone = -1;

  constructor(sink: TextSink, options: ProgressOptions) {
    this.#sink = sink;
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
  }

  /** How many were done so far. */
  get done(): number {
    return this.#done;
  }

  /** Counts `n` more done, and redraws when it is time. */
  advance(n: number): void {
    this.#done += n;
    const now = this.#now();
    const interval = this.#options.interactive ? 100 : (this.#options.every ?? 5) * 1000;
    if (now - this.#lastDraw >= interval) this.#draw(now, false);
  }

  /** The final line (not repeated when a plain line already showed the final count). */
  finish(): void {
    if (!this.#options.interactive && this.#drawnDone === this.#done) return;
    this.#draw(this.#now(), true);
  }

  /** The text of the line: count, percentage and bar when the total is known, rate, ETA. */
  line(now = this.#now()): string {
    const { unit, total } = this.#options;
    const seconds = Math.max((now - this.#start) / 1000, 1e-9);
    const rate = this.#done / seconds;
    const parts: string[] = [];
    if (total !== undefined && total > 0) {
      const fraction = Math.min(this.#done / total, 1);
      const filled = Math.round(fraction * BAR);
      if (this.#options.interactive) parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`);
      parts.push(`${this.#done}/${total} ${unit}`, `${(fraction * 100).toFixed(0)}%`);
    } else {
      parts.push(`${this.#done} ${unit}`);
    }
    parts.push(`${rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3)} ${unit}/s`);
    if (total !== undefined && this.#done > 0 && this.#done < total) parts.push(`ETA ${formatSeconds((total - this.#done) / rate)}`);
    else parts.push(`${formatSeconds(seconds)}`);
    return parts.join('  ');
  }

  #draw(now: number, final: boolean): void {
    this.#lastDraw = now;
    this.#drawnDone = this.#done;
    const text = this.line(now);
    if (this.#options.interactive) this.#sink.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else this.#sink.write(`${text}\n`);
  }
}

/** `42 s`, `3 min 05 s`, `1 h 02 min`. */
function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : seconds.toFixed(0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
