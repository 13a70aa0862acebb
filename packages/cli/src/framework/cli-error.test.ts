import { ArgumentError, BackendError, ShapeError } from '@pandaas/core';
import { FileExistsError, FileFormatError, ObjectNotFoundError } from '@pandaas/io-nexus';
import { PoniError } from '@pandaas/integrate';
import { describe, expect, it } from 'vitest';
import { CliError, describeFailure, InterruptedError, UsageError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

describe('describeFailure', () => {
  it.each([
    ['a usage error', new UsageError('--npt is missing'), EXIT_CODES.usage],
    ['a CLI error', new CliError('no default NXdata', EXIT_CODES.notFound), EXIT_CODES.notFound],
    ['an interruption', new InterruptedError(), EXIT_CODES.interrupted],
    ['an object not in the file', new ObjectNotFoundError({ file: 'a.h5', path: '/x' }, 'not there'), EXIT_CODES.notFound],
    ['a corrupt file', new FileFormatError({ file: 'a.h5' }, 'not HDF5'), EXIT_CODES.badInput],
    ['a bad PONI file', new PoniError('Distance is not a number', { source: 'g.poni', line: 3 }), EXIT_CODES.badInput],
    ['inputs that do not fit', new ShapeError('mask shape [2, 2] does not match the frame [3, 3]'), EXIT_CODES.mismatch],
    ['a bad argument', new ArgumentError('npt must be > 0'), EXIT_CODES.mismatch],
    ['an existing output', new FileExistsError({ file: 'out.h5' }, 'exists'), EXIT_CODES.io],
    ['no GPU', new BackendError('WebGPU is not available'), EXIT_CODES.backend],
    ['a missing file (Node.js)', Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' }), EXIT_CODES.notFound],
    ['a full disk (Node.js)', Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }), EXIT_CODES.io],
    ['an aborted operation', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), EXIT_CODES.interrupted],
  ])('%s is expected, shown without stack, with its exit status', (_, err, exitCode) => {
    const failure = describeFailure(err);
    expect([failure.expected, failure.exitCode]).toEqual([true, exitCode]);
    expect(failure.message).not.toMatch(/\n\s+at /);
  });

  it('shows a bug with its stack and exit status 1', () => {
    const failure = describeFailure(new TypeError("Cannot read properties of undefined (reading 'shape')"));
    expect([failure.expected, failure.exitCode]).toEqual([false, EXIT_CODES.internal]);
    expect(failure.message).toMatch(/^internal error \(please report it\): TypeError: Cannot read properties[^]*\n\s+at /);
    expect(describeFailure('a string').message).toBe('internal error (please report it): a string');
  });
});
