import { ObjectNotFoundError } from '../errors.js';
import { IoError } from '../errors.js';
import { show } from '@pandaas/core';
import { hdf5Reason } from './hdf5-error.js';
import { openHdf5 } from './open-file.js';
import { fileFolder, isAbsoluteFile, normalizePath, pathParts, resolveFile } from './paths.js';
import type { H5Runtime } from './runtime.js';
import type { H5Kind, LinkInfo } from './types.js';

/** Soft and external links followed for one path at most (HDF5's own limit is 16). */
const MAX_LINK_HOPS = 32;

/** An HDF5 file open in h5wasm. */
export interface OpenFile {
  readonly id: bigint;
  readonly name: string;
}

/** Where a path leads: the file and the link-free path of the object there. */
export interface Located {
  readonly file: OpenFile;
  readonly objectPath: string;
  readonly kind: H5Kind;
  /** The path asked for, normalised. */
  readonly path: string;
}

/**
 * Follows paths through soft and external links, one name at a time: h5wasm's own lookups follow
 * links inside HDF5, which cannot say which link broke, loops until HDF5's limit, and look for
 * external files where HDF5 would. Here an external file is looked for beside the file that holds
 * the link, opened once (in the root's mode) and closed with the root; a state met twice (same
 * link, same rest of the path) is a cycle. Group member lists are cached.
 */
export class LinkResolver {
  readonly #rt: H5Runtime;
  readonly #root: OpenFile;
  readonly #mode: number;
  readonly #files = new Map<string, OpenFile>();
  readonly #members = new Map<string, string[]>();
  #closed = false;

  constructor(rt: H5Runtime, root: OpenFile, mode: number) {
    this.#rt = rt;
    this.#root = root;
    this.#mode = mode;
    this.#files.set(root.name, root);
  }

  /** Where `path` leads, every link followed; an {@link ObjectNotFoundError} saying why when nowhere. */
  locate(path: string): Located {
    if (this.#closed) throw new IoError({ file: this.#root.name, path }, 'the file is closed');
    return this.#walk(this.#root, [], pathParts(path), normalizePath(path), new Set(), []);
  }

  /** The link at `path` itself (its parent resolved). */
  link(path: string): LinkInfo {
    const parts = pathParts(path);
    if (parts.length === 0) return { kind: 'hard' };
    const parent = this.locate(`/${parts.slice(0, -1).join('/')}`);
    const name = parts[parts.length - 1];
    if (!this.members(parent.file, parent.objectPath, normalizePath(path)).includes(name)) return { kind: 'missing' };
    return this.#linkAt(parent.file, join(parent.objectPath, name));
  }

  /** The member names of a group (cached). */
  members(file: OpenFile, group: string, requested: string, trail: readonly string[] = []): string[] {
    const key = `${file.name}\n${group}`;
    let members = this.#members.get(key);
    if (members === undefined) {
      const M = this.#rt.module;
      if (M.get_type(file.id, group) !== M.H5G_GROUP) throw this.#notFound(requested, `${this.#describe(file, group)} is not a group`, trail);
      members = M.get_names(file.id, group, false);
      this.#members.set(key, members);
    }
    return members;
  }

  /** Closes every file opened, the root included. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const failures: string[] = [];
    for (const file of this.#files.values()) {
      try {
        this.#rt.module.close_file(file.id);
      } catch (err) {
        failures.push(`${file.name}: ${hdf5Reason(err)}`);
      }
    }
    this.#files.clear();
    this.#members.clear();
    if (failures.length > 0) throw new IoError({ file: this.#root.name }, `closing failed: ${failures.join('; ')}`);
  }

  #walk(file: OpenFile, base: string[], rest: string[], requested: string, seen: Set<string>, trail: string[]): Located {
    const done = [...base];
    for (let i = 0; i < rest.length; i++) {
      const group = `/${done.join('/')}`;
      const here = join(group, rest[i]);
      if (!this.members(file, group, requested, trail).includes(rest[i])) {
        throw this.#notFound(requested, `no ${show(rest[i])} in group ${this.#describe(file, group)}`, trail);
      }
      const link = this.#linkAt(file, here);
      if (link.kind === 'hard') {
        done.push(rest[i]);
        continue;
      }
      const remaining = rest.slice(i + 1);
      const state = `${file.name}\n${here}\n${remaining.join('/')}`;
      const hop = `${this.#describe(file, here)} -> ${link.kind === 'external' ? `${link.targetFile}:` : ''}${link.target}`;
      if (seen.has(state)) throw this.#notFound(requested, 'the links form a cycle', [...trail, hop]);
      if (seen.size >= MAX_LINK_HOPS) throw this.#notFound(requested, `more than ${MAX_LINK_HOPS} links to follow`, [...trail, hop]);
      seen.add(state);
      const target = link.target ?? '';
      if (link.kind === 'soft') {
        const parts = target.startsWith('/') ? pathParts(target) : [...done, ...pathParts(target)];
        return this.#walk(file, [], [...parts, ...remaining], requested, seen, [...trail, hop]);
      }
      const next = this.#openExternal(file, link.targetFile ?? '', requested, [...trail, hop]);
      return this.#walk(next, [], [...pathParts(target), ...remaining], requested, seen, [...trail, hop]);
    }
    const objectPath = `/${done.join('/')}`;
    return { file, objectPath, kind: this.#kindOf(file, objectPath, requested, trail), path: requested };
  }

  #linkAt(file: OpenFile, path: string): LinkInfo {
    const M = this.#rt.module;
    const soft = M.get_symbolic_link(file.id, path) as string | null;
    if (typeof soft === 'string') return { kind: 'soft', target: soft };
    const external = M.get_external_link(file.id, path) as { filename?: string; obj_path?: string };
    if (typeof external.filename === 'string') return { kind: 'external', targetFile: external.filename, target: external.obj_path ?? '/' };
    return { kind: 'hard' };
  }

  #kindOf(file: OpenFile, objectPath: string, requested: string, trail: readonly string[]): H5Kind {
    const M = this.#rt.module;
    const type = M.get_type(file.id, objectPath);
    if (type === M.H5G_GROUP) return 'group';
    if (type === M.H5G_DATASET) return 'dataset';
    if (type === M.H5G_TYPE) return 'datatype';
    throw this.#notFound(requested, `${this.#describe(file, objectPath)} is not a group, dataset or datatype`, trail);
  }

  #openExternal(from: OpenFile, target: string, requested: string, trail: readonly string[]): OpenFile {
    const candidates = candidateFiles(fileFolder(from.name), target);
    const found = candidates.find((c) => this.#rt.module.FS.analyzePath(c).exists);
    if (found === undefined) throw this.#notFound(requested, `the external file ${show(target)} is not there (looked for ${candidates.join(', ')})`, trail);
    let file = this.#files.get(found);
    if (file === undefined) {
      const id = openHdf5(this.#rt.module, found, this.#mode, { file: this.#root.name, path: requested }, `the external link target ${show(target)}`);
      file = { id, name: found };
      this.#files.set(found, file);
    }
    return file;
  }

  #notFound(requested: string, reason: string, trail: readonly string[]): ObjectNotFoundError {
    const via = trail.length > 0 ? ` (following ${trail.join(', ')})` : '';
    return new ObjectNotFoundError({ file: this.#root.name, path: requested }, `no object here: ${reason}${via}`);
  }

  #describe(file: OpenFile, path: string): string {
    return file === this.#root ? path : `${file.name}:${path}`;
  }
}

/**
 * Where a file named by a link may be: relative names beside the linking file; absolute names as
 * they are, then (as HDF5 does) their base name beside the linking file.
 */
export function candidateFiles(folder: string, name: string): string[] {
  if (!isAbsoluteFile(name)) return [resolveFile(folder, name)];
  return [name, resolveFile(folder, name.split(/[\\/]/).pop() ?? name)];
}

/** A member path of a group. */
export function join(group: string, name: string): string {
  return group === '/' ? `/${name}` : `${group}/${name}`;
}
