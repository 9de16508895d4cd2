import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every state a spec reaches is looked at twice, at a laptop's width and a phone's: axe-core
// must find nothing (WCAG 2.2 AA and its best practices), on the phone every target is big
// enough for a finger, and a screenshot of each goes to e2e-screenshots/ (kept out of git) for
// a reviewer.

export const widths = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;

const screenshotDir = path.join(process.cwd(), "e2e-screenshots");

// axe-core goes into each document once: AxeBuilder puts it in again on every analyze() (twice,
// in its default mode), which costs seconds each time on a busy CI machine.
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Axe finds nothing on the page as it is now (once its colours have stopped fading). */
async function expectAccessible(page: Page) {
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
 * Every control a finger may tap is at least 44 × 44 px (the size Apple and WCAG's AAA level
 * ask for): a control inside a label counts as its label, one beside its label as both; a link
 * inside a sentence is the sentence's (WCAG exempts those); hidden ones (a visually hidden
 * radio whose card is the target, the skip link until it has focus) are not looked at.
 */
async function expectTouchTargets(page: Page) {
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      "a[href], button, input, select, textarea, summary, [role=button]",
    );
    /** Where a tap reaches the control: a checkbox with its label beside it is both. */
    const tapArea = (control: HTMLElement) => {
      const parts = [control, ...((control as HTMLInputElement).labels ?? [])];
      const boxes = parts.map((part) => part.getBoundingClientRect());
      const left = Math.min(...boxes.map((box) => box.left));
      const top = Math.min(...boxes.map((box) => box.top));
      const right = Math.max(...boxes.map((box) => box.right));
      const bottom = Math.max(...boxes.map((box) => box.bottom));
      return { width: right - left, height: bottom - top };
    };
    return [...controls].flatMap((control) => {
      const target = control.closest("label") ?? control;
      if (control.getBoundingClientRect().width <= 1) return [];
      const box = tapArea(target);
      if (box.width <= 1 || box.height <= 1) return [];
      const words = (target.textContent ?? "").trim();
      const sentence = target.parentElement?.closest("p, li")?.textContent?.trim() ?? "";
      if (target.tagName === "A" && sentence.length > words.length) return [];
      if (box.width >= 44 && box.height >= 44) return [];
      const name = words || target.getAttribute("aria-label") || target.tagName;
      return [`${name.slice(0, 40)} (${Math.round(box.width)}×${Math.round(box.height)})`];
    });
  });
  expect(small, `targets under 44 px on ${page.url()}`).toEqual([]);
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
    if (label === "mobile") await expectTouchTargets(page);
    await page.screenshot({
      path: path.join(screenshotDir, `${name}.${label}.png`),
      fullPage: true,
      animations: "disabled",
      caret: "hide",
    });
  }
  if (before) await page.setViewportSize(before);
}
