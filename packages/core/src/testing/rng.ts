/**
 * A small seeded pseudo-random generator (mulberry32 steps over a 32-bit state), so that every
 * conformance case draws the same shapes and values on every backend and every machine.
 *
 * @example
 * ```ts
 * const rng = Rng.fromName('binary add');
 * rng.int(0, 5); // the same integer on every run
 * ```
 */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A generator seeded by a string (FNV-1a hash), so each named case has its own stream. */
  static fromName(name: string): Rng {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    return new Rng(h);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** A uniform number in [lo, hi). */
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A random shape of `ndim` axes, each of length in [lo, hi]. */
  shape(ndim: number, lo = 1, hi = 5): number[] {
    return Array.from({ length: ndim }, () => this.int(lo, hi));
  }
}
