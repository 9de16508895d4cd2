import { describe, expect, it } from "vitest";
import { oneParam } from "./query-param";

describe("oneParam", () => {
  it("keeps a single value, empty included", () => {
    expect(oneParam("abc")).toBe("abc");
    expect(oneParam("")).toBe("");
  });

  it("takes neither of a repeated parameter's values, and nothing from an absent one", () => {
    expect(oneParam(["a", "b"])).toBeUndefined();
    expect(oneParam(undefined)).toBeUndefined();
  });
});
