import { afterEach, expect, test, vi } from "vitest";

import { startup } from "./startup";

afterEach(() => {
  delete process.env.CODE_LENGTH;
  vi.restoreAllMocks();
});

test("an invalid setting stops the app at start, naming the variable and what it accepts", async () => {
  process.env.CODE_LENGTH = "three";
  const exit = vi.spyOn(process, "exit").mockImplementation(() => {
    throw new Error("exited");
  });
  const printed: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: string) => void printed.push(line));
  await expect(startup()).rejects.toThrowError("exited");
  expect(exit).toHaveBeenCalledWith(1);
  expect(printed.join("\n")).toContain("CODE_LENGTH: expected a whole number from 4 to 10");
});
