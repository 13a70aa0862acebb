/**
 * The engine backends the validation runs on: the CPU always, and WebGPU where an adapter
 * answers or where `PANDAAS_REQUIRE_WEBGPU=1` says one must (then a missing one fails the tests
 * instead of dropping them).
 *
 * @example
 * ```ts
 * const backends = await validationBackends(); // ['cpu'] or ['cpu', 'webgpu']
 * ```
 * @module
 */
import { availableBackends } from '@pandaas/core';
import type { EngineBackend } from '../integrator/method.js';

/** The backends to validate on this machine. @example see the module */
export async function validationBackends(): Promise<EngineBackend[]> {
  const required = process.env.PANDAAS_REQUIRE_WEBGPU === '1';
  const gpu = required || (await availableBackends()).includes('webgpu');
  return gpu ? ['cpu', 'webgpu'] : ['cpu'];
}
