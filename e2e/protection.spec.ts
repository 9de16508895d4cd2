import { expect, type Browser, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { generousBudgets } from "../lib/testing/budgets";
import { enterCode, openPhone, phoneContext, tapTruecallerNotOnTruecaller } from "./helpers";
import { look, widths } from "./look";
import { startServer, type Server } from "./server";

// What a person meets when the traffic around them looks like abuse, on a server of its own
// with the protection on and low thresholds (the suite's server keeps them out of the way).
// TRUST_PROXY=1 lets each browser context be another client address.

let server: Server;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer(Number(process.env.E2E_PORT ?? 3100) + 4, {
    TRUST_PROXY: "1",
    SMS_CHALLENGE: "auto",
    SMS_CHALLENGE_AFTER: "3",
    SMS_CHALLENGE_DIFFICULTY: "2000",
    SMS_GUARD_MIN_SENDS: "3",
    SMS_GUARD_MIN_VERIFIED_PERCENT: "50",
  });
});
test.afterAll(() => server?.stop());

async function client(browser: Browser, ip: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
  return context.newPage();
}

/** A phone (Android, touch) at the review's 390×844, as another client address. */
function phoneClient(browser: Browser, ip: string) {
  return phoneContext(browser, "Pixel 7", {
    viewport: widths.mobile,
    headers: { "x-forwarded-for": ip },
  });
}

/**
 * Taps Continue where a person who scrolled down the form meets it: at the bottom edge of the
 * screen, with whatever shows below it out of sight.
 */
async function tapContinueAtTheBottom(page: Page) {
  const submit = page.getByRole("button", { name: "Continue" });
  await submit.evaluate((element) => element.scrollIntoView({ block: "end" }));
  await submit.tap();
}

async function enterNumber(page: Awaited<ReturnType<typeof client>>, national: string) {
  await page.goto(`${server.url}/`);
  await page.getByLabel("Phone number").fill(national);
  await page.getByRole("radio", { name: /Code by SMS/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("past the soft threshold a person confirms with the keyboard, then verifies", async ({
  browser,
}) => {
  const page = await client(browser, "10.40.0.1");
  // Three codes already went out to this address this hour.
  for (const phone of ["+14255550111", "+15095550212", "+13605550313"]) {
    const response = await page.request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone },
    });
    expect(response.status()).toBe(201);
  }
  await enterNumber(page, "212 555 0404");
  const check = page.getByTestId("challenge");
  await expect(check.getByRole("checkbox")).toBeVisible();
  // It appears where the person is: a screen reader hears that it did.
  await expect(page.getByTestId("announcer")).toHaveText(
    "We are seeing a lot of requests. Please confirm you are a person, and we'll send your code.",
  );
  await expect(page).not.toHaveURL(/\/verify\//);
  // The button pressed waits for the check: its solution sends the start, not another press.
  const continueButton = page.getByRole("button", { name: "Continue" });
  await expect(continueButton).toHaveAttribute("aria-disabled", "true");
  // The step to take comes first: the check above the button it stands for, not under it.
  const checkBox = (await check.boundingBox())!;
  const buttonBox = (await continueButton.boundingBox())!;
  expect(checkBox.y + checkBox.height).toBeLessThanOrEqual(buttonBox.y);
  await look(page, "start-challenge");
  // The widget is a checkbox: reachable and ticked with the keyboard alone.
  const box = check.getByRole("checkbox");
  await box.focus();
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/\/verify\//, { timeout: 30_000 });

  const phone = await openPhone(browser, "+12125550404", server.url);
  const code = (await phone.getByTestId("sms-code").first().textContent())!.trim();
  await enterCode(page, code);
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  // This server has no SUCCESS_URL: the way on is another number.
  await expect(page.getByRole("link", { name: "Continue" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Verify another number" })).toBeVisible();
});

test("on a phone, Continue at the bottom of the screen brings the check into view, its checkbox focused", async ({
  browser,
}) => {
  const page = await phoneClient(browser, "10.43.0.1");
  for (const phone of ["+14255550751", "+15095550752", "+13605550753"]) {
    const response = await page.request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone },
    });
    expect(response.status()).toBe(201);
  }
  await page.goto(`${server.url}/`);
  await page.getByLabel("Phone number").fill("212 555 0754");
  await page.getByRole("radio", { name: /Code by SMS/ }).check();
  await tapContinueAtTheBottom(page);
  // Continue waits for the check, faded: the check is where the person looks, not below the
  // fold, and the keyboard (and a screen reader) is on its checkbox.
  const check = page.getByTestId("challenge");
  const box = check.getByRole("checkbox");
  await expect(check).toBeInViewport({ ratio: 1 });
  await expect(box).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/\/verify\//, { timeout: 30_000 });
});

test("a check whose code cannot be fetched says so, and loads when asked again", async ({
  browser,
}) => {
  const page = await client(browser, "10.41.0.1");
  for (const phone of ["+14255550141", "+15095550242", "+13605550343"]) {
    const response = await page.request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone },
    });
    expect(response.status()).toBe(201);
  }
  await page.goto(`${server.url}/`);
  await page.getByLabel("Phone number").fill("212 555 0444");
  await page.getByRole("radio", { name: /Code by SMS/ }).check();
  // From here on the connection drops every script the page asks for: the widget's among them.
  await page.route("**/_next/static/chunks/**", (route) => route.abort());
  await page.getByRole("button", { name: "Continue" }).click();
  const check = page.getByTestId("challenge");
  await expect(check.getByRole("alert")).toHaveText(
    "The check could not load. Check your connection, then try again.",
  );
  await page.unroute("**/_next/static/chunks/**");
  await check.getByRole("button", { name: "Try again" }).click();
  await expect(check.getByRole("checkbox")).toBeVisible();
});

test("a paused prefix offers the other methods, which work", async ({ browser }) => {
  // Three unverified codes to one block of numbers, from three addresses: a pumping pattern.
  const feeder = await client(browser, "10.50.0.1");
  for (const [i, phone] of ["+16175550601", "+16175550602", "+16175550603"].entries()) {
    const response = await feeder.request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone },
      headers: { "x-forwarded-for": `10.50.${i}.1` },
    });
    expect(response.status()).toBe(201);
  }
  const page = await client(browser, "10.60.0.1");
  await enterNumber(page, "617 555 0604");
  // The SMS card says it is paused for this number and cannot be chosen; the choice moves on,
  // and Continue keeps the focus it had.
  await expect(page.getByTestId("method-refused")).toContainText(/paused/);
  await expect(page.getByRole("radio", { name: /Code by SMS/ })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Continue" })).toBeFocused();
  // Heard too: why, and which method Continue now starts.
  await expect(page.getByTestId("announcer")).toHaveText(/paused.*Truecaller is chosen instead\.$/);
  await look(page, "start-sms-paused");
  await page.getByRole("radio", { name: /Mobile data check/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/verify\//);
  await expect(page.getByText("+1 617 555 0604").first()).toBeVisible();
});

test("past the threshold, the switch to SMS asks for the check where it was pressed, then sends", async ({
  browser,
}) => {
  const page = await client(browser, "10.70.0.1");
  // Three codes already went out from this address this hour, each to a block of its own.
  for (const phone of ["+17205550121", "+15415550222", "+19715550323"]) {
    const response = await page.request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone },
    });
    expect(response.status()).toBe(201);
  }
  // Ending in 1008: not on Truecaller, the attempt ends at once with the switch to SMS.
  await page.goto(`${server.url}/`);
  await page.getByLabel("Phone number").fill("503 555 1008");
  await page.getByRole("radio", { name: /Truecaller/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeFocused();
  const ended = page.url();
  const toSms = page.getByRole("button", { name: "Send me a code by SMS instead" });
  await toSms.focus();
  await page.keyboard.press("Enter");
  const check = page.getByTestId("challenge");
  await expect(check.getByRole("checkbox")).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText(
    "We are seeing a lot of requests. Please confirm you are a person, and we'll send your code.",
  );
  // The button pressed keeps the keyboard's place, and waits for the check; nothing but the
  // check is in the way.
  await expect(toSms).toBeFocused();
  await expect(toSms).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  expect(page.url()).toBe(ended);
  // The check sits directly below the button that asked for it, once.
  await expect(check).toHaveCount(1);
  await expect(toSms.locator("xpath=ancestor::div[1]/following-sibling::*[1]")).toHaveAttribute(
    "data-testid",
    "challenge",
  );
  await look(page, "truecaller-switch-challenge");
  await check.getByRole("checkbox").focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText("+1 503 555 1008", { exact: true })).toBeVisible();
});

test("past the threshold, a session's move on to SMS asks for the check, then sends", async ({
  browser,
}) => {
  const page = await client(browser, "10.80.0.1");
  for (const phone of ["+17205550131", "+15415550232", "+19715550333"]) {
    const response = await page.request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone },
    });
    expect(response.status()).toBe(201);
  }
  // A session whose number is not on Truecaller (…1008): it moves on to SMS by itself.
  await tapTruecallerNotOnTruecaller(page, server.url);
  // The move on meets the check: it shows in place of a dead end, and its solution sends.
  const check = page.getByTestId("challenge");
  await expect(check.getByRole("checkbox")).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  // It says where it is going, for which number, and keeps the way back to the choice.
  await expect(page.getByTestId("ended-phone")).toHaveText("+1 480 555 1008");
  await expect(page.getByText("We'll verify it by SMS instead.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose another way to verify" })).toBeVisible();
  await look(page, "session-moving-on-challenge");
  await check.getByRole("checkbox").focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText("+1 480 555 1008", { exact: true })).toBeVisible();
});

test.describe("a spent budget", () => {
  // A server whose network budget is one SMS an hour, with nothing else in the way.
  let budgeted: Server;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    budgeted = await startServer(Number(process.env.E2E_PORT ?? 3100) + 5, {
      ...generousBudgets,
      TRUST_PROXY: "1",
      SMS_SENDS_PER_NETWORK_PER_HOUR: "1",
    });
  });
  test.afterAll(() => budgeted?.stop());

  /** The network's one SMS this hour, sent from another address of it. */
  async function spendNetworkBudget(page: Page, network: string) {
    const response = await page.request.post(`${budgeted.url}/api/verifications`, {
      data: { method: "sms", phone: "+12065550880" },
      headers: { "x-forwarded-for": `${network}.9` },
    });
    expect(response.status()).toBe(201);
  }

  test("on a phone, Continue at the bottom of the screen brings the refusal and its ways on into view, focused", async ({
    browser,
  }) => {
    const page = await phoneClient(browser, "10.91.0.1");
    await spendNetworkBudget(page, "10.91.0");
    await page.goto(`${budgeted.url}/`);
    await page.getByLabel("Phone number").fill("206 555 0881");
    await page.getByRole("radio", { name: /Code by SMS/ }).check();
    await tapContinueAtTheBottom(page);
    // Why, and the other methods, in sight; focus on why, the ways on next.
    const problem = page.getByTestId("start-problem");
    await expect(problem).toContainText("from your network");
    await expect(problem).toContainText(/The limit lifts in about (59|60) minutes\./);
    // Said once: the server's words say to try again later, the wait is not a second "try again".
    expect((await problem.textContent())!.match(/try again/gi)).toHaveLength(1);
    // Read as focus lands on it: no alert besides, which would say it a second time.
    await expect(problem.getByRole("alert")).toHaveCount(0);
    await expect(problem).toBeInViewport({ ratio: 1 });
    await expect(problem).toBeFocused();
    await look(page, "start-budget-phone");
    await page.keyboard.press("Tab");
    const truecaller = problem.getByRole("button", { name: "Use Truecaller instead" });
    await expect(truecaller).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/verify\//);
  });

  test("with reduced motion asked for, the refusal comes into view without sliding", async ({
    browser,
  }) => {
    const page = await phoneClient(browser, "10.92.0.1");
    await page.emulateMedia({ reducedMotion: "reduce" });
    // Every scroll the page asks for to bring the refusal into view, as asked.
    await page.addInitScript(() => {
      const scrolls: unknown[] = [];
      (window as { scrolls?: unknown[] }).scrolls = scrolls;
      const original = Element.prototype.scrollIntoView;
      Element.prototype.scrollIntoView = function (options) {
        if (this.closest("[data-testid=start-problem]")) scrolls.push(options);
        original.call(this, options);
      };
    });
    await spendNetworkBudget(page, "10.92.0");
    await page.goto(`${budgeted.url}/`);
    await page.getByLabel("Phone number").fill("206 555 0882");
    await page.getByRole("radio", { name: /Code by SMS/ }).check();
    await tapContinueAtTheBottom(page);
    const problem = page.getByTestId("start-problem");
    await expect(problem).toBeInViewport({ ratio: 1 });
    const scrolls = await page.evaluate(() => (window as { scrolls?: unknown[] }).scrolls);
    expect(scrolls?.length).toBeGreaterThan(0);
    for (const options of scrolls ?? []) {
      expect(options).not.toMatchObject({ behavior: "smooth" });
    }
  });
});
