/**
 * Writes a {@link PlainTree} as an HDF5 file with h5wasm and answers its bytes: the browser path
 * for downloading results, where io-nexus' `H5Writer` (a file written beside its destination and
 * renamed into place, through `node:fs`) cannot run. The file is made in the module's own file
 * system (MEMFS in a Web Worker), read back and deleted.
 *
 * @module
 */
import type { H5Runtime } from '@pandaas/io-nexus';
import type { PlainAttribute, PlainAttributes, PlainTree, PlainValue } from '../nexus/plain-tree.js';

type H5Group = ReturnType<InstanceType<H5Runtime['h5']['File']>['create_group']>;
type H5Object = H5Group | ReturnType<H5Group['create_dataset']>;

const isInt32 = (v: number) => Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;

/** h5wasm's data, shape and dtype string for a value: texts are variable-length UTF-8 strings. */
function prepared(value: PlainValue | PlainAttribute): { data: Float64Array | Int32Array | number[] | string | string[]; shape: number[]; dtype: string } {
  if (typeof value === 'string') return { data: value, shape: [], dtype: 'S' };
  if (typeof value === 'number') return { data: [value], shape: [], dtype: isInt32(value) ? '<i' : '<d' };
  if (value instanceof Float64Array) return { data: value.slice(), shape: [value.length], dtype: '<d' }; // h5wasm writes the whole buffer: own it
  if (value instanceof Int32Array) return { data: value.slice(), shape: [value.length], dtype: '<i' };
  return { data: [...value], shape: [value.length], dtype: 'S' };
}

function setAttributes(object: H5Object, attributes: PlainAttributes | undefined): void {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const { data, shape, dtype } = prepared(value);
    object.create_attribute(name, data, shape, dtype);
  }
}

/** The path's parent and last name: `/entry/data` gives `['/entry', 'data']`. */
function split(path: string): [parent: string, name: string] {
  const cut = path.lastIndexOf('/');
  return [cut <= 0 ? '/' : path.slice(0, cut), path.slice(cut + 1)];
}

/**
 * Writes `tree` to `scratchPath` in the runtime's file system, reads the bytes back, deletes the
 * file and returns the bytes. Groups are made in the order listed (parents first); a dataset's
 * group must be among them or be the root.
 *
 * @example
 * ```ts
 * const rt = await loadH5wasm();
 * const bytes = writeTreeBytes(rt, { groups: [{ path: '/entry', attributes: { NX_class: 'NXentry' } }], datasets: [] }, '/result.nxs');
 * ```
 */
export function writeTreeBytes(rt: H5Runtime, tree: PlainTree, scratchPath: string): Uint8Array {
  const file = new rt.h5.File(scratchPath, 'w');
  let open = true;
  try {
    const groups = new Map<string, H5Group>([['/', file]]);
    const groupAt = (path: string): H5Group => {
      const group = groups.get(path);
      if (group === undefined) throw new Error(`no group ${path} was made before the objects inside it`);
      return group;
    };
    for (const { path, attributes } of tree.groups) {
      if (path !== '/') {
        const [parent, name] = split(path);
        groups.set(path, groupAt(parent).create_group(name));
      }
      setAttributes(groupAt(path), attributes);
    }
    for (const { path, value, attributes } of tree.datasets) {
      const [parent, name] = split(path);
      const { data, shape, dtype } = prepared(value);
      setAttributes(groupAt(parent).create_dataset({ name, data, shape, dtype }), attributes);
    }
    file.close();
    open = false;
    const bytes: Uint8Array = rt.module.FS.readFile(scratchPath);
    // the bytes are transferred to the page: they must own their whole buffer
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  } finally {
    if (open) file.close();
    rt.module.FS.unlink(scratchPath);
  }
}
