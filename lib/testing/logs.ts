import { onTestFinished, vi } from "vitest";

/**
 * What the app prints to stderr from now until the test ends (lib/log.ts: warnings and errors,
 * one JSON line each), as those lines. The test apps log errors only (LOG_LEVEL=error): warnings
 * are let through for the test, and nothing reaches the terminal meanwhile.
 */
export function printedLogLines(): () => Record<string, unknown>[] {
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "warn";
  const printed = vi.spyOn(console, "error").mockImplementation(() => {});
  onTestFinished(() => {
    printed.mockRestore();
    if (level === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = level;
  });
  return () =>
    printed.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

/** The warnings among them. */
export function printedWarnings(): () => Record<string, unknown>[] {
  const lines = printedLogLines();
  return () => lines().filter((line) => line.level === "warn");
}
