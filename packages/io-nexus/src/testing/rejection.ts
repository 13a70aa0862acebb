import type { IoError } from '../errors.js';

/** The error a promise rejects with (typed as the I/O errors these tests expect); fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<IoError> {
  try {
    await promise;
  } catch (err) {
    return err as IoError;
  }
  throw new Error('expected a rejection');
}
