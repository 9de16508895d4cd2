import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countryOptions } from "@/lib/phone";

// The picker shows a flag for every country it lists; a phone-library update that adds a
// country must bring its flag into public/flags too.
describe("flags", () => {
  it("has an SVG for every country the picker lists", () => {
    const missing = countryOptions()
      .map((country) => country.code)
      .filter((code) => !existsSync(join(process.cwd(), "public", "flags", `${code}.svg`)));
    expect(missing).toEqual([]);
  });
});
