/** A kernel loop or an element function it takes as an argument. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loops take typed arrays, numbers and functions
export type LoopFunction = (...args: any[]) => any;

/** A copy of a loop, and copies of the element functions it is called with, for one set of types. */
export interface Specialised {
  /** The loop, to be called with its arguments followed by {@link fns}. */
  readonly run: LoopFunction;
  /** The element functions (operators, stages) the loop takes as its last arguments. */
  readonly fns: readonly LoopFunction[];
}

/** Finds (compiling on first use) the {@link Specialised} loop for a name, functions and arguments. */
export type Specialiser = (name: string, fnNames: readonly string[], args: readonly unknown[]) => Specialised;

/**
 * Makes a {@link Specialiser} over a table of loops and element functions (functions on the main
 * thread, their source text inside a worker). Each distinct (loop, functions, typed-array classes of
 * the arguments) gets its own copy compiled from the source with `new Function`, so V8 sees one
 * array class and one operator at each access and call site (monomorphic, inlined) instead of
 * every dtype a shared loop would meet (megamorphic, several times slower). Where `new Function`
 * is refused (a strict Content-Security-Policy), the table's own functions are used.
 *
 * Self-contained (no imports, no module state): the pool's workers run its source. Sources are
 * compiled with an identity `__name`, the helper esbuild's `keepNames` (tsx, some test runners)
 * inserts into function bodies.
 *
 * @example
 * ```ts
 * const specialise = createSpecialiser({ twice: (n, x, out) => { for (let i = 0; i < n; i++) out[i] = 2 * x[i]; } });
 * const k = specialise('twice', [], [3, x, out]);
 * k.run(3, x, out);
 * ```
 */
export function createSpecialiser(table: Readonly<Record<string, LoopFunction | string>>): Specialiser {
  const cache = new Map<string, Specialised>();
  const keepName = (fn: unknown) => fn;
  function compile(name: string): LoopFunction {
    const entry = table[name];
    if (entry === undefined) throw new Error(`no loop or function named ${JSON.stringify(name)}`);
    try {
      return new Function('__name', `return (${String(entry)});`)(keepName) as LoopFunction;
    } catch (err) {
      if (typeof entry === 'string') throw err;
      return entry;
    }
  }
  return (name, fnNames, args) => {
    let key = name;
    for (const fn of fnNames) key += `,${fn}`;
    key += '|';
    for (const arg of args) if (ArrayBuffer.isView(arg)) key += `${arg.constructor.name},`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = { run: compile(name), fns: fnNames.map(compile) };
      cache.set(key, hit);
    }
    return hit;
  };
}
