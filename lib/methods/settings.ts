import "server-only";
import { getEnv, InvalidEnvError, refuseProblems } from "@/lib/env";
import { methods } from "./registry";

// Every setting of the app, checked together at start: the app's own (lib/env.ts) and each
// method's (its settings.ts), so that one message names every bad one.

/** The warnings of every part of the settings; InvalidEnvError naming every problem, if any. */
export function checkSettings(): string[] {
  const readers = [getEnv, ...Object.values(methods).map(({ handler }) => handler.settings.read)];
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const read of readers) {
    try {
      warnings.push(...read().warnings);
    } catch (error) {
      if (!(error instanceof InvalidEnvError)) throw error;
      // The message's first line is its title; each line after it, one problem.
      problems.push(...error.message.split("\n").slice(1));
    }
  }
  // A method reads its settings with the app's: a bad app setting fails every part alike.
  refuseProblems([...new Set(problems)]);
  return warnings;
}
