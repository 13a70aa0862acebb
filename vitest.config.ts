import { defineConfig } from 'vitest/config';

// vitest 5 targets Node >= 22: its reporter groups failures with Map.groupBy and its snapshot
// writer with Object.groupBy (both Node 21+). On Node 20, which pandaas supports, a failing test
// would crash the reporter and hide the failure itself, so this process gets the two functions.
type Grouper = <T, K>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
const MapWithGroupBy = Map as unknown as { groupBy?: Grouper };
if (MapWithGroupBy.groupBy === undefined) {
  const groupBy: Grouper = (items, key) => {
    const groups = new Map();
    let index = 0;
    for (const item of items) {
      const k = key(item, index++);
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    return groups;
  };
  Object.defineProperty(Map, 'groupBy', { value: groupBy, writable: true, configurable: true });
  Object.defineProperty(Object, 'groupBy', {
    value: <T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) =>
      Object.assign(Object.create(null), Object.fromEntries(groupBy(items, key))),
    writable: true,
    configurable: true,
  });
}

export default defineConfig({
  // workspace packages resolve to their TypeScript sources: no build before testing. Tests run
  // in Vite's server (ssr) environment, whose conditions replace Vite's defaults when set, so
  // those defaults are listed after ours.
  ssr: { resolve: { conditions: ['@pandaas/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'benchmarks/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
