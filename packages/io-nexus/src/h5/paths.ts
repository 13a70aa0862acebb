import { ArgumentError } from '@pandaas/core';
import { show } from '@pandaas/core';

/**
 * The names along an HDF5 path (`'/a//b/./c/'` gives `['a', 'b', 'c']`). HDF5 gives `..` no
 * meaning, so neither does this.
 */
export function pathParts(path: string, argument = 'path'): string[] {
  if (typeof path !== 'string') throw new ArgumentError(`${argument} must be a string; got ${show(path)}`);
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

/** An absolute, normalised HDF5 path: `'/'` or `'/a/b'`. */
export function normalizePath(path: string, argument = 'path'): string {
  return `/${pathParts(path, argument).join('/')}`;
}

/** `child` resolved against the group `base` (absolute `child` paths stand alone). */
export function joinPath(base: string, child: string, argument = 'path'): string {
  if (typeof child === 'string' && child.startsWith('/')) return normalizePath(child, argument);
  return normalizePath(`${base}/${child}`, argument);
}

/**
 * A NeXus-style relative path (`@default`, `@target`): like {@link joinPath}, but `..` goes up
 * one group, as silx and h5web read these attributes.
 */
export function resolveRelative(base: string, relative: string): string {
  const out: string[] = relative.startsWith('/') ? [] : pathParts(base);
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The last name of an HDF5 path (`''` for the root). */
export function baseName(path: string): string {
  const parts = pathParts(path);
  return parts[parts.length - 1] ?? '';
}

/** The parent group's path (`'/'` for the root and its members). */
export function parentPath(path: string): string {
  const parts = pathParts(path);
  return `/${parts.slice(0, -1).join('/')}`;
}

/** The folder of a file path (`''` for a bare name); both `/` and `\` separate. */
export function fileFolder(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut < 0 ? '' : file.slice(0, cut);
}

/** Whether a file path is absolute (POSIX, or a Windows drive or UNC path). */
export function isAbsoluteFile(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
}

/** `file` resolved against `folder` (absolute names stand alone), with `.` and `..` removed. */
export function resolveFile(folder: string, file: string): string {
  const joined = isAbsoluteFile(file) || folder === '' ? file : `${folder}/${file}`;
  const absolute = isAbsoluteFile(joined);
  const drive = /^[A-Za-z]:/.exec(joined)?.[0] ?? '';
  const out: string[] = [];
  for (const part of joined.slice(drive.length).split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return `${drive}${absolute ? '/' : ''}${out.join('/')}`;
}
