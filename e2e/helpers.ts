import { devices, expect, type Browser, type Page } from "@playwright/test";

/**
 * A page on a phone (an Android Pixel 7 unless told), in a context of its own: the device's
 * screen, User-Agent and touch, with Chromium as the engine whatever browser the device ships
 * (an iPhone's is WebKit).
 */
export async function phoneContext(
  browser: Browser,
  device: "Pixel 7" | "iPhone 14" = "Pixel 7",
): Promise<Page> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = devices[device];
  const context = await browser.newContext({
    viewport,
    userAgent,
    deviceScaleFactor,
    isMobile,
    hasTouch,
  });
  return context.newPage();
}

/** Opens the simulated phone for `phone` (E.164) in its own browser context: another device. */
export async function openPhone(browser: Browser, phone: string, base = ""): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/sandbox?number=${encodeURIComponent(phone)}`);
  await expect(page.getByTestId("phone")).toHaveAttribute("data-phone", phone);
  return page;
}

/** Enters a US national number on the start page (US is the default country), picks a method. */
export async function startVerification(page: Page, national: string, method: RegExp) {
  await page.goto("/");
  await page.getByLabel("Phone number").fill(national);
  await page.getByRole("radio", { name: method }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/verify\//);
}

/** The newest code in the phone's inbox, waiting for a message newer than `previous`. */
export async function readCode(phone: Page, previous?: string): Promise<string> {
  const code = phone.getByTestId("sms-code").first();
  if (previous) await expect(code).not.toHaveText(previous);
  await expect(code).toHaveText(/^\d{6}$/);
  return (await code.textContent())!.trim();
}

/** Types a code as autofill or a paste would: the whole code into the first box. */
export async function enterCode(page: Page, code: string) {
  await page.getByRole("textbox", { name: "Digit 1 of 6" }).fill(code);
}
