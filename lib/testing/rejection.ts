import { expect } from "vitest";

/**
 * The error `promise` rejects with, checked to be a `type`: a promise that resolves, or rejects
 * with anything else, fails the test.
 */
export async function rejectionOf<E>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}
