// What the contract suites expect of a store call that must fail: an AppError, named by its code.
import { AppError } from '../../errors.ts';

export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}
