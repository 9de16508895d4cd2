import { expect, test } from "vitest";
import { bearerSecret, matchingSecret } from "./crypto";

test("a presented key matches the configured key it equals, and no other", () => {
  const keys = ["first-key-0123456789", "second-key-0123456789", "third"];
  expect(matchingSecret("second-key-0123456789", keys)).toBe(1);
  expect(matchingSecret("third", keys)).toBe(2);
  // Near misses: a prefix, a longer string, another case, nothing.
  expect(matchingSecret("second-key-012345678", keys)).toBe(-1);
  expect(matchingSecret("third-", keys)).toBe(-1);
  expect(matchingSecret("THIRD", keys)).toBe(-1);
  expect(matchingSecret("", keys)).toBe(-1);
  expect(matchingSecret("", ["", "x"])).toBe(-1);
  expect(matchingSecret("anything", [])).toBe(-1);
});

test("a Bearer secret is read in any case, and anything else is no secret", () => {
  const of = (authorization?: string) =>
    bearerSecret(new Headers(authorization === undefined ? {} : { authorization }));
  expect(of("Bearer abc.DEF-123")).toBe("abc.DEF-123");
  expect(of("bearer   abc")).toBe("abc");
  expect(of("Basic abc")).toBe("");
  expect(of("Bearer abc def")).toBe("");
  expect(of("Bearer ")).toBe("");
  expect(of()).toBe("");
});
