import type * as crypto from 'node:crypto';
import type * as fsPromises from 'node:fs/promises';
import type * as path from 'node:path';

/** The Node built-ins that io-nexus's Node-only paths (files by path, writing) use. */
interface NodeBuiltins {
  'node:crypto': typeof crypto;
  'node:fs/promises': typeof fsPromises;
  'node:path': typeof path;
}

/**
 * Imports a Node built-in through a specifier that bundlers do not follow, so that browser
 * bundles of the package build (esbuild and webpack stop at a literal `import('node:path')`);
 * only the Node-only code paths call it, so a browser never runs it.
 *
 * @example
 * ```ts
 * const { readFile } = await importNode('node:fs/promises');
 * ```
 */
export function importNode<K extends keyof NodeBuiltins>(name: K): Promise<NodeBuiltins[K]> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<NodeBuiltins[K]>;
}
