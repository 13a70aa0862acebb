/**
 * The viewer: opens the files given (picker or drop), shows an HDF5 file's tree, plots what is
 * selected, and hands the frame on show to the integration panel.
 *
 * @module
 */
import { findDefaultNxData, H5Dataset, H5Group, readImage, readNxData, type H5File } from '@pandaas/io-nexus';
import { datasetPlottable, imagePlottable, nxdataPlottable } from './data/plottable.js';
import { fileKind } from './data/file-kinds.js';
import { Activity, describeError } from './ui/activity.js';
import { byId, formatShape } from './ui/dom.js';
import { IntegratePanel } from './ui/integrate-panel.js';
import { PlotPanel } from './ui/plot-panel.js';
import { TreeView } from './ui/tree-view.js';
import { H5WorkerLink } from './worker/worker-link.js';

/** What is open: an HDF5 file in its worker, or an image file read on the page. */
type Session = { readonly kind: 'hdf5'; readonly name: string; readonly link: H5WorkerLink; readonly file: H5File } | { readonly kind: 'image'; readonly name: string };

/** A value read from a scalar or text dataset, shortened for the info line. */
function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The page's controller (one per page).
 *
 * @example
 * ```ts
 * const viewer = new Viewer();
 * viewer.listen();
 * await viewer.open([nxsFile, poniFile]);
 * ```
 */
export class Viewer {
  readonly activity: Activity;
  readonly plot: PlotPanel;
  readonly integration: IntegratePanel;
  readonly #tree: TreeView;
  readonly #info = byId('node-info', HTMLElement);
  #session: Session | undefined;
  #spare: H5WorkerLink | undefined;

  /** Builds the panels on the page's elements and listens to the picker, drops and the path box. */
  constructor() {
    this.activity = new Activity(byId('status', HTMLElement), byId('alert', HTMLElement), byId('alert-text', HTMLElement));
    this.integration = new IntegratePanel(this.activity, () => this.#writer());
    this.plot = new PlotPanel(this.activity, (frame) => this.integration.setFrame(frame, this.#session?.name ?? ''));
    this.#tree = new TreeView(byId('tree', HTMLElement), (path) => this.#action(`Showing ${path}`, `Could not show ${path}`, () => this.select(path)));
  }

  /** Opens files: PONI files set the geometry, the first HDF5 (others as its siblings) or image file is shown. */
  async open(files: readonly File[]): Promise<void> {
    const kinds = files.map((file) => ({ file, kind: fileKind(file.name) }));
    for (const { file } of kinds.filter((k) => k.kind === 'unknown')) {
      this.activity.alert(`${file.name}: not a file the viewer reads (HDF5/NeXus .h5 .nxs, geometry .poni, images .tif .edf .cbf)`);
    }
    const poni = kinds.filter((k) => k.kind === 'poni').at(-1)?.file;
    if (poni !== undefined) {
      await this.activity.run(`Reading ${poni.name}`, `Could not use ${poni.name}`, async () => this.integration.setGeometry(poni.name, await poni.text()));
    }
    const hdf5 = kinds.filter((k) => k.kind === 'hdf5').map((k) => k.file);
    const image = kinds.find((k) => k.kind === 'image')?.file;
    if (hdf5.length > 0) await this.activity.run(`Opening ${hdf5[0].name}`, `Could not open ${hdf5[0].name}`, () => this.#openH5(hdf5[0], hdf5.slice(1)));
    else if (image !== undefined) await this.activity.run(`Reading ${image.name}`, `Could not read ${image.name}`, () => this.#openImage(image));
  }

  /** Shows the object at `path` of the open HDF5 file: an NXdata group or numeric dataset is plotted. */
  async select(path: string): Promise<void> {
    const session = this.#session;
    if (session?.kind !== 'hdf5') throw new Error('no HDF5 file is open');
    const node = await session.file.get(path);
    await this.#tree.reveal(path);
    if (node instanceof H5Group) {
      const nxClass = await node.nxClass();
      this.#info.textContent = `${path}: group${nxClass ? ` (${nxClass})` : ''}, ${(await node.keys()).length} members`;
      if (nxClass === 'NXdata') await this.plot.show(nxdataPlottable(await readNxData(node)));
    } else if (node instanceof H5Dataset) {
      const description = `${path}: dataset, ${node.dtype ?? node.type.class} ${formatShape(node.shape)}`;
      if (node.dtype !== undefined && node.shape !== null && node.shape.length > 0) {
        this.#info.textContent = description;
        await this.plot.show(await datasetPlottable(node));
      } else {
        this.#info.textContent = `${description} = ${formatValue(await node.readValue())}`;
      }
    } else {
      this.#info.textContent = `${path}: a named datatype`;
    }
  }

  /** Listens to the page's inputs: the file picker, drops anywhere, the path box, resizes. */
  listen(): void {
    const input = byId('file-input', HTMLInputElement);
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      this.#action('Opening', 'Could not open the files', () => this.open(files));
    });
    document.addEventListener('dragover', (event) => {
      event.preventDefault();
      document.body.classList.add('dragging');
    });
    document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
    document.addEventListener('drop', (event) => {
      event.preventDefault();
      document.body.classList.remove('dragging');
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0) this.#action('Opening', 'Could not open the files', () => this.open(files));
    });
    const pathInput = byId('path-input', HTMLInputElement);
    byId('path-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      const path = pathInput.value.trim();
      this.#action(`Showing ${path}`, `Could not show ${path}`, () => this.select(path));
    });
    byId('alert-close', HTMLButtonElement).addEventListener('click', () => this.activity.clearAlert());
    let resizing: ReturnType<typeof setTimeout> | undefined;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => {
        void this.activity.run('Drawing', 'Could not redraw', async () => {
          this.plot.redraw();
          this.integration.redraw();
        });
      }, 150);
    });
    const unexpected = (reason: unknown) => this.activity.alert(`Unexpected error: ${describeError(reason)}`);
    window.addEventListener('error', (event) => unexpected(event.error ?? event.message));
    window.addEventListener('unhandledrejection', (event) => unexpected(event.reason));
  }

  /** A user action: clears the alerts, then runs `task` through the activity. */
  #action(label: string, what: string, task: () => Promise<void>): void {
    this.activity.clearAlert();
    void this.activity.run(label, what, task);
  }

  async #openH5(file: File, siblings: readonly File[]): Promise<void> {
    const link = new H5WorkerLink();
    let h5: H5File;
    try {
      h5 = await link.open(file, siblings);
    } catch (err) {
      link.terminate();
      throw err;
    }
    this.#replace({ kind: 'hdf5', name: file.name, link, file: h5 });
    const nxdata = await findDefaultNxData(h5).then((found) => found.nxdata, () => undefined);
    await this.#tree.show(h5, nxdata?.group.path);
    this.#info.textContent = `${file.name}${nxdata === undefined ? ': no default plot' : `: default plot ${nxdata.group.path}`}`;
    if (nxdata !== undefined) await this.plot.show(nxdataPlottable(nxdata));
  }

  async #openImage(file: File): Promise<void> {
    const image = await readImage(file);
    const target = imagePlottable(image);
    this.#replace({ kind: 'image', name: file.name });
    this.#info.textContent = `${file.name}: ${image.format.toUpperCase()} image, ${image.frameCount} frame(s) of ${formatShape(target.shape.slice(1))}`;
    await this.plot.show(target);
  }

  /** Makes `session` the open one: the previous file is closed and its worker stopped. */
  #replace(session: Session): void {
    const old = this.#session;
    this.#session = session;
    this.plot.clear();
    this.#tree.clear();
    if (old?.kind === 'hdf5') {
      old.file.close().catch(() => undefined);
      old.link.terminate();
    }
  }

  /** The worker that writes downloads: the open HDF5 file's, else one kept for that. */
  #writer(): H5WorkerLink {
    const session = this.#session;
    if (session?.kind === 'hdf5') return session.link;
    this.#spare ??= new H5WorkerLink();
    return this.#spare;
  }
}
