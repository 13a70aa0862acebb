/**
 * `window.__viewer`: the few facts the browser test reads from the page that pixels cannot give
 * exactly — when the page is idle, the last pattern's numbers, where the plots were drawn. It
 * changes nothing in the page, and main.ts installs it only for a URL with `?test`.
 *
 * @module
 */
import type { Rect } from '@pandaas/plot';
import type { Viewer } from './viewer.js';

/** The last 1D pattern as plain numbers. */
export interface PatternSnapshot {
  readonly radial: number[];
  readonly intensity: number[];
  readonly sigma: number[] | null;
  readonly count: number[];
  /** The backend that ran: `'cpu'` or `'webgpu'`. */
  readonly backend: string;
  /** The integrate1d options, the mask left out (it is the frame's negative pixels). */
  readonly options: Record<string, unknown>;
  readonly maskedPixels: number;
}

/** What the test reads, as `window.__viewer`. */
export interface ViewerTestHook {
  /** Resolves once no action is running. */
  idle(): Promise<void>;
  /** The last pattern, or null. */
  pattern(): PatternSnapshot | null;
  /** The plot areas (CSS pixels, relative to each canvas) of the data plot and the pattern plot. */
  plotAreas(): { plot: Rect | null; pattern: Rect | null };
  /** Whether the page is cross-origin isolated (SharedArrayBuffer, the CPU pool's workers). */
  isolated(): boolean;
}

/**
 * Installs the hook for `viewer`.
 *
 * @example
 * ```ts
 * if (new URLSearchParams(window.location.search).has('test')) installTestHook(viewer);
 * // then, in the test (page opened at /?test): await page.evaluate(() => window.__viewer.idle())
 * ```
 */
export function installTestHook(viewer: Viewer): void {
  const hook: ViewerTestHook = {
    idle: () => viewer.activity.idle(),
    pattern() {
      const p = viewer.integration.pattern;
      if (p === undefined) return null;
      const { radial, intensity, sigma, count } = p.result;
      return {
        radial: [...radial],
        intensity: [...intensity],
        sigma: sigma === null ? null : [...sigma],
        count: [...count],
        backend: p.backend,
        options: { ...p.options },
        maskedPixels: p.source.maskedPixels,
      };
    },
    plotAreas: () => ({ plot: viewer.plot.layout?.plot ?? null, pattern: viewer.integration.layout?.plot ?? null }),
    isolated: () => crossOriginIsolated,
  };
  (window as unknown as { __viewer: ViewerTestHook }).__viewer = hook;
}
