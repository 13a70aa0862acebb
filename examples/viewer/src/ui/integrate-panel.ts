/**
 * Azimuthal integration of the frame on show with the geometry of a PONI file, in the page:
 * WebGPU where the browser offers it (else, or when it fails, the CPU: @pandaas/core's pool of
 * Web Workers on a cross-origin isolated page), the 1D pattern plotted, and the result offered
 * as a NeXus file written by the HDF5 worker.
 *
 * @module
 */
import { isPandaasError, poolSize } from '@pandaas/core';
import { AzimuthalIntegrator, RADIAL_UNITS, type EngineBackend, type Integrate1dOptions, type Integrate1dResult, type RadialUnit } from '@pandaas/integrate';
import { plotNxdata, type AxesLayout } from '@pandaas/plot';
import { negativeMask } from '../data/negative-mask.js';
import { patternTree, type PatternSource } from '../nexus/pattern-tree.js';
import type { H5WorkerLink } from '../worker/worker-link.js';
import { describeError, type Activity } from './activity.js';
import { byId, el, fillSelect, formatShape } from './dom.js';
import { clearCanvas, figureSize, paintFigure } from './figure-canvas.js';
import type { ShownFrame } from './plot-panel.js';

/** A loaded geometry: the PONI file's name and its integrator. */
interface Geometry {
  readonly name: string;
  readonly ai: AzimuthalIntegrator;
}

/** The last pattern: the result, where its frame came from, and the backend that ran. */
export interface Pattern {
  readonly result: Integrate1dResult;
  readonly source: PatternSource;
  /** The backend that ran (`'cpu'` or `'webgpu'`). */
  readonly backend: EngineBackend;
  /** The options integrate1d was called with, the mask left out. */
  readonly options: Omit<Integrate1dOptions, 'mask'>;
}

/**
 * The integration controls, the pattern's plot and the download.
 *
 * @example
 * ```ts
 * const panel = new IntegratePanel(activity, () => link);
 * panel.setGeometry('lab6_0032.poni', poniText);
 * panel.setFrame(plot.frame, 'lab6_tth_scan.nxs');
 * await panel.integrate();
 * ```
 */
export class IntegratePanel {
  readonly #writer: () => H5WorkerLink;
  readonly #poniInfo = byId('poni-info', HTMLElement);
  readonly #npt = byId('npt', HTMLInputElement);
  readonly #unit = byId('unit', HTMLSelectElement);
  readonly #maskNegative = byId('mask-negative', HTMLInputElement);
  readonly #backend = byId('backend', HTMLSelectElement);
  readonly #integrate = byId('integrate', HTMLButtonElement);
  readonly #ranOn = byId('ran-on', HTMLElement);
  readonly #canvas = byId('pattern-canvas', HTMLCanvasElement);
  readonly #log = byId('pattern-log', HTMLInputElement);
  readonly #download = byId('download', HTMLButtonElement);
  #geometry: Geometry | undefined;
  #frame: ShownFrame | undefined;
  #fileName = '';
  #pattern: Pattern | undefined;
  #layout: AxesLayout | undefined;
  /** Why WebGPU failed, once it has: it is not asked again. */
  #gpuFailure: string | undefined;

  /** Wires the controls; `writer` gives the worker that writes downloads. */
  constructor(activity: Activity, writer: () => H5WorkerLink) {
    this.#writer = writer;
    fillSelect(this.#unit, RADIAL_UNITS, '2th_deg');
    this.#integrate.addEventListener('click', () => {
      activity.clearAlert();
      void activity.run('Integrating', `Could not integrate with ${this.#geometry?.name ?? 'no geometry'}`, () => this.integrate());
    });
    this.#log.addEventListener('change', () => void activity.run('Drawing', 'Could not plot the pattern', async () => this.#draw()));
    this.#download.addEventListener('click', () => {
      activity.clearAlert();
      void activity.run('Writing the NeXus file', 'Could not write the NeXus file', () => this.download());
    });
    this.#update();
  }

  /** The last pattern, if any. */
  get pattern(): Pattern | undefined {
    return this.#pattern;
  }

  /** The layout of the pattern's plot. */
  get layout(): AxesLayout | undefined {
    return this.#layout;
  }

  /** Reads a PONI file (a PoniError for a malformed one: the previous geometry stays). */
  setGeometry(name: string, poni: string): void {
    const ai = AzimuthalIntegrator.fromPoni(poni, name);
    this.#geometry = { name, ai };
    this.#update();
  }

  /** The frame to integrate (an image), from `fileName`; undefined when none is shown. */
  setFrame(frame: ShownFrame | undefined, fileName: string): void {
    this.#frame = frame;
    this.#fileName = fileName;
    this.#update();
  }

  /** Integrates the image on show into a 1D pattern and plots it. */
  async integrate(): Promise<void> {
    const geometry = this.#geometry;
    const frame = this.#frame;
    if (geometry === undefined) throw new Error('open a PONI file (the detector geometry) first');
    if (frame === undefined || frame.target.spectrum) throw new Error('show a detector image first');
    const shape = frame.values.signal.values.shape;
    const image = frame.values.signal.values.reshape(shape.slice(-2));
    const npt = Number(this.#npt.value);
    const options: Omit<Integrate1dOptions, 'mask'> = { npt, unit: this.#unit.value as RadialUnit, errorModel: 'poisson' };
    const masked = this.#maskNegative.checked ? negativeMask(image) : undefined;
    const run = (backend: EngineBackend) => geometry.ai.integrate1d(image, { ...options, ...(masked ? { mask: masked.mask } : {}), method: ['bbox', 'csr', backend] });
    const wantGpu = this.#backend.value === 'auto' && 'gpu' in navigator && this.#gpuFailure === undefined;
    const start = performance.now();
    let result: Integrate1dResult;
    try {
      result = await run(wantGpu ? 'webgpu' : 'cpu');
    } catch (err) {
      if (!wantGpu || !isPandaasError(err, 'E_BACKEND')) throw err;
      this.#gpuFailure = describeError(err);
      result = await run('cpu');
    }
    const ms = performance.now() - start;
    let note = '';
    if (this.#backend.value === 'auto') {
      if (!('gpu' in navigator)) note = ' (this browser offers no WebGPU)';
      else if (this.#gpuFailure !== undefined) note = ' (this browser offers WebGPU, but it gave no usable device)';
    }
    const backend = result.method.backend;
    this.#pattern = {
      result,
      backend,
      options: { ...options, method: ['bbox', 'csr', backend] },
      source: { file: this.#fileName, dataset: frame.target.name, frame: frame.lead, poniFile: geometry.name, maskedPixels: masked?.count ?? 0 },
    };
    this.#ranOn.dataset.backend = backend;
    this.#ranOn.title = this.#gpuFailure ?? '';
    this.#ranOn.textContent = `Ran on ${backendName(backend)} in ${ms.toFixed(0)} ms${note}; ${masked?.count ?? 0} negative pixels masked.`;
    this.#draw();
    this.#update();
  }

  /** Writes the last pattern as a NeXus file in the worker and offers it as a download. */
  async download(): Promise<void> {
    const pattern = this.#pattern;
    if (pattern === undefined) throw new Error('integrate a frame first');
    const bytes = await this.#writer().writeTree(patternTree(pattern.result, pattern.source));
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-hdf5' }));
    const stem = pattern.source.file.replace(/\.[^.]*$/, '');
    const frame = pattern.source.frame.length > 0 ? `_${pattern.source.frame.join('-')}` : '';
    const link = el('a', { attrs: { href: url, download: `${stem}${frame}_integrated.nxs` } });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** Draws the pattern again (after the log toggle or a resize). */
  redraw(): void {
    this.#draw();
  }

  #draw(): void {
    const pattern = this.#pattern;
    if (pattern === undefined) return clearCanvas(this.#canvas);
    const nx = pattern.result.toNxData();
    const { file, dataset, frame } = pattern.source;
    const title = `${file} ${dataset}${frame.length > 0 ? ` [${frame.join(', ')}]` : ''}, ${pattern.source.poniFile}`;
    const [axis] = nx.axes;
    this.#layout = undefined;
    this.#layout = paintFigure(
      this.#canvas,
      plotNxdata(
        { signal: { values: nx.signal.data, name: nx.signal.name, longName: nx.signal.longName }, axes: [{ values: axis.data, name: axis.name, units: axis.units, longName: axis.longName }] },
        { ...figureSize(this.#canvas), title, yAxis: { scale: this.#log.checked ? 'log' : 'linear' } },
      ),
    );
  }

  #update(): void {
    const g = this.#geometry;
    this.#poniInfo.textContent =
      g === undefined
        ? 'No geometry: open a .poni file.'
        : `${g.name}: ${g.ai.detector.name} ${formatShape(g.ai.shape)}, distance ${(g.ai.dist * 1000).toFixed(2)} mm${g.ai.wavelength === undefined ? '' : `, λ ${(g.ai.wavelength * 1e10).toFixed(5)} Å`}`;
    const image = this.#frame !== undefined && !this.#frame.target.spectrum;
    this.#integrate.disabled = g === undefined || !image;
    this.#download.disabled = this.#pattern === undefined;
  }
}

/** The backend's name in the page, with the CPU's thread count. */
function backendName(backend: EngineBackend): string {
  if (backend === 'webgpu') return 'WebGPU';
  return crossOriginIsolated ? `the CPU (${poolSize()} threads, Web Workers)` : 'the CPU (this page\u2019s thread only: not cross-origin isolated)';
}
