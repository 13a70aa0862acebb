import { afterAll, describe, expect, it } from 'vitest';
import { availableBackends, shutdownBackends } from './backend-registry.js';
import { conformanceCases, runCase } from './testing/conformance.js';

// Every backend that initialises here: cpu always; webgpu where Dawn finds an adapter (llvmpipe in CI).
const backends = await availableBackends();

afterAll(() => shutdownBackends());

it('finds the cpu backend on every machine', () => {
  expect(backends).toContain('cpu');
});

describe.each(backends)('conformance on %s', (backend) => {
  for (const c of conformanceCases) {
    it(c.name, async () => {
      const report = await runCase(c, backend);
      const failures = report.failures.map((f) => `${f.label}: ${f.detail} (tolerance ${f.tolerance})`);
      if (report.failed > failures.length) failures.push(`... and ${report.failed - failures.length} more`);
      expect(failures).toEqual([]);
      expect(report.checks).toBeGreaterThan(0);
    });
  }
});
