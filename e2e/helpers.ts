import { devices, expect, type Browser, type Page, type ViewportSize } from "@playwright/test";

/**
 * A page on a phone (an Android Pixel 7 unless told), in a context of its own: the device's
 * screen (or `options.viewport`), User-Agent and touch, with Chromium as the engine whatever
 * browser the device ships (an iPhone's is WebKit); `options.headers` on every request.
 * Drawn at one device pixel per CSS pixel: the layout is the phone's all the same, and a
 * Pixel's 2.6 would make every paint and screenshot cost seven times as much without a GPU.
 */
export async function phoneContext(
  browser: Browser,
  device: "Pixel 7" | "iPhone 14" = "Pixel 7",
  options: { viewport?: ViewportSize; headers?: Record<string, string> } = {},
): Promise<Page> {
  const { viewport, userAgent, isMobile, hasTouch } = devices[device];
  const context = await browser.newContext({
    viewport: options.viewport ?? viewport,
    userAgent,
    isMobile,
    hasTouch,
    extraHTTPHeaders: options.headers,
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

/**
 * Starts a verification through the browser API with the page's cookies (as an integrator's
 * page might), then opens its page.
 */
export async function startThroughApi(page: Page, method: string, phone: string, base = "") {
  const started = await page.request.post(`${base}/api/verifications`, {
    data: { method, phone },
  });
  expect(started.status()).toBe(201);
  const { verification } = (await started.json()) as { verification: { id: string } };
  await page.goto(`${base}/verify/${verification.id}`);
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

/**
 * A session for a number not on Truecaller (…1008), Truecaller first and SMS next, made on the
 * sandbox server at `base`, opened, and Truecaller tapped: it ends at once, and the session moves
 * on to SMS by itself.
 */
export async function tapTruecallerNotOnTruecaller(page: Page, base: string) {
  const created = await page.request.post(`${base}/api/sandbox/sessions`, {
    data: { phone: "+14805551008", methods: ["truecaller", "sms"] },
    headers: { origin: base },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(((await created.json()) as { url: string }).url);
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeFocused();
}
