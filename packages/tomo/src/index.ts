/**
 * `@pandaas/tomo`: parallel-beam tomography (in preparation).
 *
 * @module
 */
export {};
