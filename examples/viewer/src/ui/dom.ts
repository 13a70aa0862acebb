/**
 * Small DOM helpers.
 *
 * @module
 */

/** Attributes and text of an element made by {@link el}. */
export interface ElementProps {
  /** `class`. */
  readonly className?: string;
  /** Further attributes (`data-*`, `aria-*`, `type`, ...). */
  readonly attrs?: Readonly<Record<string, string>>;
}

/**
 * Makes an element with a class, attributes and children (strings become text).
 *
 * @example
 * ```ts
 * el('button', { className: 'node', attrs: { 'data-path': '/entry' } }, 'entry');
 * ```
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className !== undefined) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * The element with this id, of this type, or an Error naming what is missing from the page.
 *
 * @example
 * ```ts
 * const canvas = byId('plot-canvas', HTMLCanvasElement);
 * ```
 */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no <${type.name}> with id "${id}"`);
  return element;
}

/**
 * Fills a `<select>` with options.
 *
 * @example
 * ```ts
 * fillSelect(byId('colormap', HTMLSelectElement), COLORMAP_NAMES, 'viridis');
 * ```
 */
export function fillSelect(select: HTMLSelectElement, values: readonly string[], selected: string): void {
  select.replaceChildren(...values.map((value) => el('option', { attrs: { value } }, value)));
  select.value = selected;
}

/**
 * A shape as `3 × 195 × 1475` (`scalar` for `[]`, `empty` for null).
 *
 * @example
 * ```ts
 * formatShape([3, 195, 1475]); // '3 × 195 × 1475'
 * ```
 */
export function formatShape(shape: readonly number[] | null): string {
  if (shape === null) return 'empty';
  return shape.length === 0 ? 'scalar' : shape.join(' × ');
}
