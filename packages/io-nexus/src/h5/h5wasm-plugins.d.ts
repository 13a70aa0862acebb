// Types for h5wasm-plugins 0.2.1 (the package ships none): the parts io-nexus calls.
declare module 'h5wasm-plugins' {
  import type { ready } from 'h5wasm';

  type H5Module = Awaited<typeof ready>;
  /** The URL of the folder holding the package's index.mjs. */
  export const base_url: string;
  /** The plugin names, each shipped as `plugins/libH5Z<name>.so`. */
  export const plugin_names: string[];
  /** Node: adds the package's own plugins folder to HDF5's plugin search path. */
  export function install_local_plugins(module: H5Module): void;
  /** Browser: fetches the plugins into the module's file system. */
  export function install_plugins(module: H5Module, names?: string[], newPluginPath?: string | null): Promise<void>;
}
