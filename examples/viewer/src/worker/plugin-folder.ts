/**
 * Where the built site serves h5wasm-plugins' `libH5Z*.so` filters, relative to the page; the
 * Vite config copies them there and the HDF5 worker fetches them from there.
 */
export const PLUGIN_FOLDER = 'h5wasm-plugins';
