import { expect, test } from "vitest";
import { firstCountry } from "./first-country";

test("the preferred country where offered, else the US where offered, else the first listed", () => {
  expect(firstCountry(["CA", "GB", "US"], "GB")).toBe("GB");
  expect(firstCountry(["CA", "GB", "US"], "FR")).toBe("US");
  expect(firstCountry(["IN", "GB"])).toBe("IN");
  expect(firstCountry([])).toBe("US");
});
