import { describe, expect, test } from "vitest";
import { endingText } from "./ending-text";

// The words of an ending offer only the ways on the page has.

const noMatch = {
  title: "No match for this number",
  text: "Not this SIM. Verify another way, or check the number.",
  fixedNumber: "Not this SIM. Verify another way.",
  alone: "Not this SIM. Check the number.",
  fixedAlone: "Not this SIM.",
  retry: true,
};

describe("endingText", () => {
  test.each([
    [{ othersOffered: true }, noMatch.text],
    [{ othersOffered: true, phoneFixed: true }, noMatch.fixedNumber],
    [{ othersOffered: false }, noMatch.alone],
    [{ othersOffered: false, phoneFixed: true }, noMatch.fixedAlone],
  ])("%j → %s", (where, said) => {
    expect(endingText(noMatch, where)).toBe(said);
  });

  test("a reason without its own words for the case says its usual ones", () => {
    const plain = { title: "Expired", text: "It ran out of time.", retry: true };
    expect(endingText(plain, { othersOffered: false, phoneFixed: true })).toBe(plain.text);
    const fixedOnly = { ...plain, fixedNumber: "Fixed words." };
    expect(endingText(fixedOnly, { othersOffered: false, phoneFixed: true })).toBe("Fixed words.");
  });
});
