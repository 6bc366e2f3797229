/** Shared assertions for parser tests: the call fails with a CodeSetFormatError, returned for inspection. */
import { expect } from 'vitest';
import { CodeSetFormatError } from '../../../core/codesets/format-error';

export async function formatError(p: Promise<unknown>): Promise<CodeSetFormatError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodeSetFormatError);
  return err as CodeSetFormatError;
}

export function thrown(fn: () => unknown): CodeSetFormatError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CodeSetFormatError);
  return err as CodeSetFormatError;
}
