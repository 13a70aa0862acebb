/**
 * Where the built site serves h5wasm-plugins' `libH5Z*.so` filters, relative to the page; the
 * Vite config copies them there and the HDF5 worker fetches them from there.
 *
 * @example
 * ```ts
 * new URL(PLUGIN_FOLDER, document.baseURI).href; // 'https://host/viewer/h5wasm-plugins'
 * ```
 */
export const PLUGIN_FOLDER = 'h5wasm-plugins';
