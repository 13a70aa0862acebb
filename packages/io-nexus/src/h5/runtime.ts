import type * as h5wasmApi from 'h5wasm';

/** The h5wasm module namespace (`File`, `Dataset`, `Attribute`, ..., `ready`). */
export type H5wasm = typeof h5wasmApi;
/** The h5wasm Emscripten module (HDF5 functions, `FS`, the heap). */
export type H5Module = Awaited<H5wasm['ready']>;

/** h5wasm, loaded once per thread, with the compression plugins and HDF5 errors that throw. */
export interface H5Runtime {
  readonly h5: H5wasm;
  readonly module: H5Module;
  /** `'node'` (NODERAWFS: host paths are read directly) or `'browser'` (MEMFS, WORKERFS). */
  readonly environment: 'node' | 'browser';
  /** The filter ids whose plugin was installed (besides HDF5's built-in filters). */
  readonly pluginFilters: ReadonlySet<number>;
}

/** Options of {@link loadH5wasm}; only the first call's options count. */
export interface LoadOptions {
  /**
   * Browser only: the URL of the folder that serves h5wasm-plugins' `libH5Z*.so` files (default:
   * the `plugins/` folder beside the h5wasm-plugins module, which bundlers may not copy).
   */
  pluginBaseUrl?: string;
}

/** h5wasm-plugins' plugin names and the HDF5 filter id each provides. */
export const PLUGIN_FILTER_IDS: Readonly<Record<string, number>> = {
  bshuf: 32008,
  blosc: 32001,
  blosc2: 32026,
  bz2: 307,
  jpeg: 32019,
  lz4: 32004,
  lzf: 32000,
  zfp: 32013,
  zstd: 32015,
  bitgroom: 32022,
  bitround: 32023,
};

/** Filters compiled into HDF5 itself (deflate, shuffle, fletcher32, szip, n-bit, scale-offset). */
export const BUILTIN_FILTER_IDS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6]);

let loading: Promise<H5Runtime> | undefined;

/**
 * Loads h5wasm once for this thread: the Node build (`h5wasm/node`, which reads host files in
 * place through NODERAWFS) under Node.js, the ESM build elsewhere; installs the h5wasm-plugins
 * filters (bitshuffle, LZ4, blosc, zstd, LZF, ...); and turns on h5wasm's throwing error handler,
 * so an HDF5 failure is an exception rather than a message on stderr and garbage data.
 *
 * @example
 * ```ts
 * import { loadH5wasm } from '@pandaas/io-nexus';
 * const { module, pluginFilters } = await loadH5wasm();
 * pluginFilters.has(32008); // bitshuffle available
 * ```
 */
export function loadH5wasm(options: LoadOptions = {}): Promise<H5Runtime> {
  loading ??= isNode() ? loadNode() : loadBrowser(options);
  return loading;
}

function isNode(): boolean {
  return typeof process === 'object' && typeof process.versions?.node === 'string';
}

/** A specifier in a variable, so that browser bundlers leave the Node build (which imports `module`) out. */
const NODE_BUILD = 'h5wasm/node';

async function loadNode(): Promise<H5Runtime> {
  const h5 = (await import(/* @vite-ignore */ NODE_BUILD)) as H5wasm;
  const module = await h5.ready;
  const plugins = await import('h5wasm-plugins');
  plugins.install_local_plugins(module);
  module.activate_throwing_error_handler();
  const folder = module.get_plugin_search_paths()[0];
  const files: string[] = module.FS.readdir(folder);
  return { h5, module, environment: 'node', pluginFilters: filterIds(files) };
}

async function loadBrowser(options: LoadOptions): Promise<H5Runtime> {
  const h5: H5wasm = await import('h5wasm');
  const module = await h5.ready;
  const plugins = await import('h5wasm-plugins');
  const folder = module.get_plugin_search_paths()[0];
  module.FS.mkdirTree(folder);
  const base = options.pluginBaseUrl ?? `${plugins.base_url}/plugins`;
  await Promise.all(
    plugins.plugin_names.map(async (name) => {
      try {
        const response = await fetch(`${base}/libH5Z${name}.so`);
        if (response.ok) module.FS.writeFile(`${folder}/libH5Z${name}.so`, new Uint8Array(await response.arrayBuffer()));
      } catch {
        // an unreachable plugin leaves its filter unavailable: reads then fail with a FilterError
      }
    }),
  );
  module.activate_throwing_error_handler();
  return { h5, module, environment: 'browser', pluginFilters: filterIds(module.FS.readdir(folder) as string[]) };
}

function filterIds(files: readonly string[]): Set<number> {
  const ids = new Set<number>();
  for (const file of files) {
    const name = /^libH5Z(\w+)\.so$/.exec(file)?.[1];
    if (name !== undefined && PLUGIN_FILTER_IDS[name] !== undefined) ids.add(PLUGIN_FILTER_IDS[name]);
  }
  return ids;
}
