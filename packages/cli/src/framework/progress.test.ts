import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('Progress', () => {
  it('writes a plain line every few seconds and at the end when not on a terminal', () => {
    const lines: string[] = [];
    const time = clock();
    const progress = new Progress({ write: (s: string) => lines.push(s) }, { unit: 'frames', total: 100, interactive: false, every: 5, now: time.now });
    time.advance(1000);
    progress.advance(10); // the first advance draws
    time.advance(1000);
    progress.advance(10); // 1 s later: not yet
    time.advance(4000);
    progress.advance(30); // 5 s after the first line
    time.advance(4000);
    progress.advance(50);
    progress.finish();
    expect(lines).toEqual([
      '10/100 frames  10%  10.0 frames/s  ETA 9.0 s\n',
      '50/100 frames  50%  8.33 frames/s  ETA 6.0 s\n',
      '100/100 frames  100%  10.0 frames/s  10 s\n',
    ]);
  });

  it('redraws one line in place with a bar on a terminal, ending it with a newline', () => {
    const out: string[] = [];
    const time = clock();
    const progress = new Progress({ write: (s: string) => out.push(s) }, { unit: 'curves', total: 4, interactive: true, now: time.now });
    time.advance(2000);
    progress.advance(1);
    time.advance(2000);
    progress.finish();
    expect(out[0]).toBe('\r\x1b[2K[######------------------]  1/4 curves  25%  0.500 curves/s  ETA 6.0 s');
    expect(out.at(-1)).toBe('\r\x1b[2K[######------------------]  1/4 curves  25%  0.250 curves/s  ETA 12 s\n');
  });

  it('does not repeat the last plain line when it already showed the final count', () => {
    const lines: string[] = [];
    const time = clock();
    const progress = new Progress({ write: (s: string) => lines.push(s) }, { unit: 'curves', total: 36, interactive: false, now: time.now });
    time.advance(500);
    progress.advance(36); // one batch: the first line is the last
    progress.finish();
    expect(lines).toEqual(['36/36 curves  100%  72.0 curves/s  0.5 s\n']);
  });

  it('counts without a total, and formats minutes and hours', () => {
    const time = clock();
    const progress = new Progress({ write: () => undefined }, { unit: 'frames', interactive: false, now: time.now });
    progress.advance(1200);
    time.advance(125_000);
    expect(progress.line()).toBe('1200 frames  9.60 frames/s  2 min 05 s');
    time.advance(3_600_000);
    expect(progress.line()).toBe('1200 frames  0.322 frames/s  1 h 02 min');
    expect(progress.done).toBe(1200);
  });
});
