import { describe, expect, test } from "vitest";
import { readCookie } from "./cookies";

describe("readCookie", () => {
  test("the __Host- form first, else the plain name; other cookies are not mistaken for it", () => {
    expect(readCookie("pv_binding=plain; __Host-pv_binding=host", "pv_binding")).toBe("host");
    expect(readCookie("xpv_binding=no; pv_binding=a%20b", "pv_binding")).toBe("a b");
    expect(readCookie("other=1", "pv_binding")).toBeUndefined();
    expect(readCookie(null, "pv_binding")).toBeUndefined();
  });

  test("the plain name is no cookie when the caller says it cannot be ours (over https)", () => {
    const overHttps = () => true;
    expect(readCookie("pv_binding=planted", "pv_binding", overHttps)).toBeUndefined();
    expect(readCookie("pv_binding=planted; __Host-pv_binding=ours", "pv_binding", overHttps)).toBe(
      "ours",
    );
    expect(readCookie("pv_binding=plain", "pv_binding", () => false)).toBe("plain");
  });

  test("a malformed escape reads as no cookie", () => {
    expect(readCookie("pv_locale=%zz", "pv_locale")).toBeUndefined();
  });
});
