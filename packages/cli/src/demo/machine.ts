/**
 * What the demo ran on and with: the machine, Node.js, and the versions of the packages.
 *
 * @module
 */
import { poolSize } from '@pandaas/core';
import corePackage from '@pandaas/core/package.json' with { type: 'json' };
import fitPackage from '@pandaas/fit/package.json' with { type: 'json' };
import integratePackage from '@pandaas/integrate/package.json' with { type: 'json' };
import ioNexusPackage from '@pandaas/io-nexus/package.json' with { type: 'json' };
import plotPackage from '@pandaas/plot/package.json' with { type: 'json' };
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
  return {
    '@pandaas/cli': VERSION,
    '@pandaas/core': corePackage.version,
    '@pandaas/io-nexus': ioNexusPackage.version,
    '@pandaas/integrate': integratePackage.version,
    '@pandaas/fit': fitPackage.version,
    '@pandaas/plot': plotPackage.version,
  };
}
