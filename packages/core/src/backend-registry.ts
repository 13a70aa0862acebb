import type { Backend } from './backend.js';
import { ensureBuiltins } from './builtins.js';
import { ArgumentError, BackendError, show } from './errors.js';

/** A backend name, or a list of names in order of preference. */
export type BackendPreference = string | readonly string[];

interface Entry {
  factory: () => Promise<Backend>;
  instance?: Backend;
  pending?: Promise<Backend>;
  failure?: unknown;
}

const entries = new Map<string, Entry>();
let defaultName = 'cpu';

/**
 * Registers a backend factory under a name. The factory runs on first use, so GPU code is only
 * imported by programs that ask for it.
 *
 * @example
 * ```ts
 * import { registerBackend, CpuBackend } from '@pandaas/core';
 * registerBackend('cpu2', async () => new CpuBackend());
 * ```
 */
export function registerBackend(name: string, factory: () => Promise<Backend>): void {
  ensureBuiltins();
  if (typeof name !== 'string' || name === '') throw new ArgumentError(`name must be a non-empty string; got ${show(name)}`);
  entries.set(name, { factory });
}

/** Registers an already-initialised backend (the CPU backend registers itself this way). */
export function registerBackendInstance(backend: Backend): void {
  entries.set(backend.name, { factory: async () => backend, instance: backend });
}

/** Names of every registered backend, initialised or not. */
export function registeredBackends(): string[] {
  ensureBuiltins();
  return [...entries.keys()];
}

async function init(name: string): Promise<Backend> {
  ensureBuiltins();
  const entry = entries.get(name);
  if (entry === undefined) {
    throw new BackendError(`unknown backend ${show(name)}; registered backends: ${registeredBackends().join(', ')}`);
  }
  if (entry.instance) return entry.instance;
  entry.pending ??= entry.factory().then(
    (backend) => (entry.instance = backend),
    (err: unknown) => {
      entry.failure = err;
      entry.pending = undefined;
      throw err;
    },
  );
  return entry.pending;
}

/**
 * Initialises and returns the first backend of a preference list that works here. When none
 * does, the {@link BackendError} lists why each failed and what is available.
 *
 * @example
 * ```ts
 * import { initBackend } from '@pandaas/core';
 * const backend = await initBackend(['webgpu', 'cpu']);
 * console.log(backend.name);
 * ```
 */
export async function initBackend(preference: BackendPreference): Promise<Backend> {
  if (typeof preference !== 'string' && !(Array.isArray(preference) && preference.every((p) => typeof p === 'string'))) {
    throw new ArgumentError(`preference must be a backend name or a list of names; got ${show(preference)}`);
  }
  const names = typeof preference === 'string' ? [preference] : [...preference];
  if (names.length === 0) throw new ArgumentError('preference must name at least one backend; got []');
  const reasons: string[] = [];
  for (const name of names) {
    try {
      return await init(name);
    } catch (err) {
      reasons.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const available = (await availableBackends()).join(', ') || 'none';
  throw new BackendError(`no backend of ${show(names)} is available (${reasons.join('; ')}); available: ${available}`);
}

/**
 * Initialises the first working backend of a preference list and makes it the default for new
 * arrays. Returns its name.
 *
 * @example
 * ```ts
 * import { setBackend } from '@pandaas/core';
 * const name = await setBackend(['webgpu', 'cpu']); // 'webgpu' where a GPU answers
 * ```
 */
export async function setBackend(preference: BackendPreference): Promise<string> {
  const backend = await initBackend(preference);
  defaultName = backend.name;
  return backend.name;
}

/**
 * The initialised backend of that name (the default backend when omitted), synchronously.
 * Throws a {@link BackendError} when it is unknown or not yet initialised.
 */
export function getBackend(name: string = defaultName): Backend {
  ensureBuiltins();
  const entry = entries.get(name);
  if (entry?.instance) return entry.instance;
  const ready = [...entries].filter(([, e]) => e.instance).map(([n]) => n);
  if (entry === undefined) {
    throw new BackendError(`unknown backend ${show(name)}; registered backends: ${registeredBackends().join(', ')}`);
  }
  throw new BackendError(`backend ${show(name)} is not initialised; call await initBackend(${show(name)}) first (initialised: ${ready.join(', ')})`);
}

/**
 * Names of the backends that initialise on this machine (initialising each as needed).
 *
 * @example
 * ```ts
 * console.log(await availableBackends()); // ['cpu', 'webgpu'] where a GPU answers
 * ```
 */
export async function availableBackends(): Promise<string[]> {
  ensureBuiltins();
  const names: string[] = [];
  for (const name of entries.keys()) {
    try {
      await init(name);
      names.push(name);
    } catch {
      // not available here: reported by initBackend when asked for by name
    }
  }
  return names;
}

/** Shuts every initialised backend down (GPU devices, worker pools), so a process can exit. */
export async function shutdownBackends(): Promise<void> {
  for (const entry of entries.values()) {
    if (entry.instance?.shutdown && entry.instance.name !== 'cpu') {
      await entry.instance.shutdown();
      entry.instance = undefined;
      entry.pending = undefined;
    } else if (entry.instance?.shutdown) {
      await entry.instance.shutdown();
    }
  }
  if (!entries.get(defaultName)?.instance) defaultName = 'cpu';
}
