import { describe, expect, it } from 'vitest';
import { describeError } from './activity.js';

describe('describeError', () => {
  it('gives the message, never the stack', () => {
    const err = new Error('scan.nxs: not an HDF5 file');
    expect(err.stack).toContain('activity.test.ts');
    expect(describeError(err)).toBe('scan.nxs: not an HDF5 file');
  });

  it('drops the worker mount folders from file names', () => {
    const err = new Error('/pandaas-workerfs/12/x.h5: /pandaas-workerfs/12/x.h5 is not an HDF5 file (no HDF5 signature)');
    expect(describeError(err)).toBe('x.h5: x.h5 is not an HDF5 file (no HDF5 signature)');
  });

  it('names an error without a message, describes non-errors, and shortens long messages', () => {
    const unnamed = new Error('');
    unnamed.name = 'FilterError';
    expect(describeError(unnamed)).toBe('FilterError');
    expect(describeError('plain text')).toBe('plain text');
    const long = describeError(new Error('x'.repeat(2000)));
    expect(long).toHaveLength(801);
    expect(long.endsWith('…')).toBe(true);
  });
});
