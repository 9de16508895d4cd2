import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every state a spec reaches is looked at twice, at a laptop's width and a phone's: axe-core
// must find nothing (WCAG 2.2 AA and its best practices), and a screenshot of each goes to
// e2e-screenshots/ (kept out of git) for a reviewer.

export const widths = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;

export const screenshotDir = path.join(process.cwd(), "e2e-screenshots");

// axe-core goes into each document once: AxeBuilder puts it in again on every analyze() (twice,
// in its default mode), which costs seconds each time on a busy CI machine.
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Axe finds nothing on the page as it is now (once its colours have stopped fading). */
export async function expectAccessible(page: Page) {
  // A button that just became the way on fades into its colours (transition-colors): measured
  // mid-fade, its contrast is neither the old look's nor the new one's.
  // (Transitions only: a spinner's animation runs for as long as it is shown.)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) => !(animation instanceof CSSTransition) || animation.playState !== "running",
      ),
  );
  // Next.js streams a page's <title> after its content: just after the language switch renders
  // the page again, the old title is gone and the new one may not be in yet.
  await page.waitForFunction(() => document.title !== "");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const { violations } = await new AxeBuilder({ page, axeSource: ";" })
    .setLegacyMode()
    .options({ resultTypes: ["violations"] })
    .analyze();
  const found = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
  expect(found, `axe on ${page.url()}`).toEqual([]);
}

/**
 * Checks the page at both widths and saves a screenshot of each as `<name>.<width>.png`; the
 * page is left at the width it had.
 */
export async function look(page: Page, name: string) {
  const before = page.viewportSize();
  mkdirSync(screenshotDir, { recursive: true });
  for (const [label, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    await expectAccessible(page);
    await page.screenshot({
      path: path.join(screenshotDir, `${name}.${label}.png`),
      fullPage: true,
      animations: "disabled",
      caret: "hide",
    });
  }
  if (before) await page.setViewportSize(before);
}
