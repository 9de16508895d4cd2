import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { expect, test } from "vitest";
import { newChallenge } from "./challenge";

// The work a challenge asks for. Its counter is drawn from 1 to twice the difficulty, so a
// solver that knows the setting has no head start: with a floor at the difficulty, starting
// there solved every challenge in a third of the promised time.

test("a challenge's counter has no floor to start from, and averages the difficulty", async () => {
  const counters: number[] = [];
  for (let i = 0; i < 60; i += 1) {
    const solution = await solveChallenge({ challenge: await newChallenge(100), deriveKey });
    expect(solution).not.toBeNull();
    counters.push(solution!.counter);
  }
  expect(Math.min(...counters)).toBeLessThan(50);
  expect(Math.max(...counters)).toBeLessThanOrEqual(200);
  const mean = counters.reduce((sum, counter) => sum + counter, 0) / counters.length;
  expect(mean).toBeGreaterThan(50);
  expect(mean).toBeLessThan(150);
});
