/**
 * The module-gap mask of modular detectors, computed as pyFAI's `calc_mask` does
 * (`pyFAI/detectors/_dectris.py`, `_esrf.py`).
 *
 * @example
 * ```ts
 * const mask = buildModuleMask([1043, 981], { moduleSize: [195, 487], moduleGap: [17, 7] });
 * mask[195 * 981]; // 1: the first row of the first horizontal gap
 * ```
 * @module
 */

/**
 * How modules tile a detector: module size, the gaps between them, and CdTe's central columns.
 *
 * @example
 * ```ts
 * findDetectorModel('Pilatus1M')?.layout; // { moduleSize: [195, 487], moduleGap: [17, 7] }
 * ```
 */
export interface ModuleLayout {
  /** Module size [rows, cols] in pixels. */
  readonly moduleSize: readonly [number, number];
  /** Gap between modules [rows, cols] in pixels. */
  readonly moduleGap: readonly [number, number];
  /**
   * Extra masked columns in the middle of every module (CdTe sensors): 2 for the Eiger2 CdTe
   * (columns m/2 - 1 and m/2), 3 for the Pilatus CdTe (m/2 - 1 to m/2 + 1); 0 or absent otherwise.
   */
  readonly centralColumns?: 0 | 2 | 3;
}

function markGaps(flags: Uint8Array, module: number, gap: number): void {
  for (let start = module; start < flags.length; start += module + gap) {
    flags.fill(1, start, Math.min(start + gap, flags.length));
  }
}

/**
 * The mask (1 = masked, C order, rows × cols) of the gaps between modules: rows
 * `[m, m + g)` after every module of `m` rows, then the same along the columns, and the central
 * columns of CdTe modules.
 *
 * @example
 * ```ts
 * buildModuleMask([3, 5], { moduleSize: [1, 2], moduleGap: [1, 1] }); // rows 1 and cols 2 masked
 * ```
 */
export function buildModuleMask(shape: readonly [number, number], layout: ModuleLayout): Uint8Array {
  const [rows, cols] = shape;
  const rowFlags = new Uint8Array(rows);
  const colFlags = new Uint8Array(cols);
  markGaps(rowFlags, layout.moduleSize[0], layout.moduleGap[0]);
  markGaps(colFlags, layout.moduleSize[1], layout.moduleGap[1]);
  const central = layout.centralColumns ?? 0;
  if (central > 0) {
    const half = Math.floor(layout.moduleSize[1] / 2);
    for (let mid = half; mid < cols; mid += layout.moduleSize[1] + layout.moduleGap[1]) {
      // numpy's mask[:, mid - 1: mid + central - 1] = 1 (slices clip at the edge)
      colFlags.fill(1, Math.max(mid - 1, 0), Math.min(mid + central - 1, cols));
    }
  }
  const mask = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = mask.subarray(r * cols, (r + 1) * cols);
    if (rowFlags[r] === 1) row.fill(1);
    else row.set(colFlags);
  }
  return mask;
}
