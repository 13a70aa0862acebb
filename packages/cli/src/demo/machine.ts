/**
 * What the demo ran on and with: the machine, Node.js, and the versions of the packages.
 *
 * @module
 */
import { poolSize } from '@pandaas/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, availableParallelism, cpus, platform } from 'node:os';
import { VERSION } from '../version.js';

/** The machine and runtime of a run. */
export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  /** Logical CPU cores available to the process. */
  readonly cpus: number;
  readonly cpuModel: string;
  /** The CPU worker pool's size (`PANDAAS_THREADS`, else one per core). */
  readonly threads: number;
  /** Where the integration ran. */
  readonly backend: string;
}

/**
 * The machine this process runs on, and the integration backend used.
 *
 * @example
 * ```ts
 * machineInfo('cpu'); // { node: 'v20.20.2', platform: 'linux', arch: 'x64', cpus: 2, ... }
 * ```
 */
export function machineInfo(backend: string): MachineInfo {
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    threads: poolSize(),
    backend,
  };
}

/**
 * The versions of the pandaas packages the demo ran.
 *
 * @example
 * ```ts
 * packageVersions()['@pandaas/integrate']; // '0.0.0'
 * ```
 */
export function packageVersions(): Readonly<Record<string, string>> {
  const versions: Record<string, string> = { '@pandaas/cli': VERSION };
  for (const name of PACKAGES) versions[name] = packageVersion(name);
  return versions;
}

const PACKAGES = ['@pandaas/core', '@pandaas/io-nexus', '@pandaas/integrate', '@pandaas/fit', '@pandaas/plot', '@pandaas/tomo'] as const;
const require = createRequire(import.meta.url);

/**
 * A dependency's version, from its package.json (read, not imported: bundlers keep plain fs
 * reads as they are).
 *
 * @example
 * ```ts
 * packageVersion('@pandaas/tomo'); // '0.0.0'
 * ```
 */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}
