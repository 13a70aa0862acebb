/**
 * The file's tree: groups (with their NX_class) open lazily, datasets show their dtype and shape,
 * the default NXdata group is marked. Every node carries `data-path`.
 *
 * @module
 */
import type { H5File, H5Node } from '@pandaas/io-nexus';
import { el, formatShape } from './dom.js';
import { describeError } from './activity.js';

/** Children shown per group; the rest are summarised. */
const MAX_CHILDREN = 1000;

const joinPath = (parent: string, name: string) => (parent === '/' ? `/${name}` : `${parent}/${name}`);

/** The groups above `path`, outermost first: `/entry/data/x` gives `['/', '/entry', '/entry/data']`. */
function ancestors(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return ['/', ...parts.slice(0, -1).map((_, k) => `/${parts.slice(0, k + 1).join('/')}`)];
}

/** A dataset's type in words: its NdArray dtype, else its HDF5 type class. */
function typeOf(node: H5Node): string {
  return 'shape' in node ? (node.dtype ?? node.type.class) : 'datatype';
}

/**
 * A lazily filled tree of an HDF5 file in `container`; `onSelect` receives the chosen path.
 *
 * @example
 * ```ts
 * const tree = new TreeView(byId('tree', HTMLElement), (path) => console.log(path));
 * await tree.show(file, '/entry/data');
 * ```
 */
export class TreeView {
  readonly #container: HTMLElement;
  readonly #onSelect: (path: string) => void;
  #file: H5File | undefined;
  #defaultPath: string | undefined;
  readonly #loaded = new Map<string, Promise<void>>();

  /** Draws trees in `container`; a click on a node calls `onSelect(path)`. */
  constructor(container: HTMLElement, onSelect: (path: string) => void) {
    this.#container = container;
    this.#onSelect = onSelect;
  }

  /**
   * Shows `file`'s tree with the root open, and the groups down to `defaultPath` (the default
   * NXdata group, marked) open too.
   */
  async show(file: H5File, defaultPath: string | undefined): Promise<void> {
    this.#file = file;
    this.#defaultPath = defaultPath;
    this.#loaded.clear();
    const root = this.#group('/', file.name.split('/').pop() ?? file.name, undefined);
    this.#container.replaceChildren(el('ul', { className: 'tree' }, el('li', {}, root)));
    await this.#open('/');
    if (defaultPath !== undefined) {
      await this.reveal(defaultPath, false);
      await this.#open(defaultPath);
    }
  }

  /** Empties the tree. */
  clear(): void {
    this.#file = undefined;
    this.#container.replaceChildren();
  }

  /**
   * Opens the groups above `path` and marks its node as selected (scrolled into view when
   * `scroll`); a group's own state is left to the user's click.
   */
  async reveal(path: string, scroll = true): Promise<void> {
    if (path !== '/') for (const group of ancestors(path)) await this.#open(group);
    const node = this.#node(path);
    if (node === undefined) return;
    this.#container.querySelectorAll('[aria-current]').forEach((n) => n.removeAttribute('aria-current'));
    const label = node.tagName === 'DETAILS' ? node.querySelector(':scope > summary') : node;
    label?.setAttribute('aria-current', 'true');
    if (scroll) label?.scrollIntoView({ block: 'nearest' });
  }

  #node(path: string): HTMLElement | undefined {
    return [...this.#container.querySelectorAll<HTMLElement>('[data-path]')].find((n) => n.dataset.path === path);
  }

  /** Opens the group at `path` and loads its children once. */
  #open(path: string): Promise<void> {
    const details = this.#node(path);
    if (!(details instanceof HTMLDetailsElement)) return Promise.resolve();
    details.open = true;
    return this.#load(details);
  }

  #load(details: HTMLDetailsElement): Promise<void> {
    const path = details.dataset.path ?? '/';
    let loading = this.#loaded.get(path);
    if (loading === undefined) {
      const list = details.querySelector(':scope > ul');
      loading = this.#children(path).then(
        (items) => list?.replaceChildren(...items),
        (err) => list?.replaceChildren(el('li', { className: 'broken' }, `cannot list this group: ${describeError(err)}`)),
      );
      this.#loaded.set(path, loading);
    }
    return loading;
  }

  async #children(path: string): Promise<HTMLElement[]> {
    const file = this.#file;
    if (file === undefined) return [];
    const names = await (await file.group(path)).keys();
    const shown = names.slice(0, MAX_CHILDREN);
    const items = await Promise.all(shown.map((name) => this.#item(file, joinPath(path, name), name)));
    if (names.length > shown.length) items.push(el('li', { className: 'more' }, `… ${names.length - shown.length} more`));
    return items;
  }

  async #item(file: H5File, path: string, name: string): Promise<HTMLElement> {
    let node: H5Node;
    try {
      node = await file.get(path);
    } catch (err) {
      return el('li', { className: 'broken', attrs: { 'data-path': path, title: describeError(err) } }, `${name} (unreadable: broken link?)`);
    }
    if ('keys' in node) return el('li', {}, this.#group(path, name, await node.nxClass()));
    const shape = 'shape' in node ? node.shape : null;
    const button = el(
      'button',
      { className: 'node dataset', attrs: { type: 'button', 'data-path': path } },
      el('span', { className: 'name' }, name),
      ' ',
      el('span', { className: 'meta' }, `${typeOf(node)} ${formatShape(shape)}`),
    );
    button.addEventListener('click', () => this.#onSelect(path));
    return el('li', {}, button);
  }

  #group(path: string, name: string, nxClass: string | undefined): HTMLDetailsElement {
    const isDefault = path === this.#defaultPath;
    const summary = el(
      'summary',
      { className: 'node group' },
      el('span', { className: 'name' }, name),
      ...(nxClass === undefined ? [] : [' ', el('span', { className: 'meta' }, nxClass)]),
      ...(isDefault ? [' ', el('span', { className: 'badge', attrs: { title: 'the file\u2019s default plot (@default)' } }, 'default')] : []),
    );
    summary.addEventListener('click', () => this.#onSelect(path));
    const details = el('details', { className: isDefault ? 'default' : '', attrs: { 'data-path': path, ...(nxClass ? { 'data-nx-class': nxClass } : {}) } }, summary, el('ul'));
    details.addEventListener('toggle', () => {
      if (details.open) void this.#load(details);
    });
    return details;
  }
}
