import { devices, expect, type Page } from "@playwright/test";
import { test } from "./fixtures";
import {
  openPhone,
  phoneContext,
  startThroughApi,
  startVerification,
  tapTruecallerNotOnTruecaller,
} from "./helpers";
import { startServer, type Server } from "./server";
import { look } from "./look";

// The Truecaller method as a person lives it: the laptop page, and the phone (the simulated
// phone page, in a second browser context) where the Truecaller prompt shows.

async function answerPrompt(phone: Page, action: "Continue" | "Decline", flow = "push") {
  const prompt = phone.locator(`[data-testid="truecaller-prompt"][data-flow="${flow}"]`);
  await expect(prompt).toHaveCount(1);
  await prompt.getByRole("button", { name: action }).click();
  await expect(prompt).toHaveCount(0);
}

test("the laptop says tap Continue, the phone's button says Continue, then welcome by name", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0160", /Truecaller/);
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  await expect(page.getByText("+1 206 555 0160", { exact: true })).toBeVisible();
  await expect(page.getByText(/Expires in \d+:\d\d/)).toBeVisible();
  await expect(page.getByText(/Open the Truecaller app and tap Continue\./)).toBeVisible();
  await look(page, "truecaller-waiting");

  const phone = await openPhone(browser, "+12065550160");
  const prompt = phone.getByTestId("truecaller-prompt");
  // The words match: no "Approve" anywhere on the phone.
  await expect(prompt.getByRole("button", { name: "Continue" })).toBeVisible();
  await expect(phone.getByRole("button", { name: /Approve/ })).toHaveCount(0);
  await look(phone, "sandbox-truecaller");
  await answerPrompt(phone, "Continue");
  await expect(phone.getByText("You tapped Continue: Truecaller told the app.")).toBeVisible();

  const welcome = page.getByRole("heading", { name: "Welcome, Asha Rao" });
  await expect(welcome).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText("Number verified");
  await expect(page.getByTestId("verified-phone")).toHaveText("+1 206 555 0160");
  await look(page, "truecaller-verified");
});

test("declining the push: Truecaller tells the laptop nothing, so it waits with the other ways until it times out", async ({
  page,
  browser,
  request,
}) => {
  await startVerification(page, "206 555 0161", /Truecaller/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const phone = await openPhone(browser, "+12065550161");
  await answerPrompt(phone, "Decline");
  await expect(phone.getByTestId("truecaller-answered")).toHaveText(
    "You declined. Truecaller does not tell the app: it waits until the request times out.",
  );

  // No callback for a push (Truecaller documents none): the emulator sent nothing, and the
  // verification is still waiting, as in production.
  const read = await page.request.get(`/api/verifications/${id}`);
  const { verification } = (await read.json()) as {
    verification: { status: string; truecaller: { requestId: string } };
  };
  expect(verification.status).toBe("pending");
  const traffic = await request.get(
    `/api/sandbox/truecaller/traffic?kind=callback&requestId=${encodeURIComponent(verification.truecaller.requestId)}`,
  );
  expect((await traffic.json()).traffic).toEqual([]);
  // The laptop keeps waiting, and keeps offering the other ways meanwhile.
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(page.getByText(/Expires in \d+:\d\d/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You declined in Truecaller" })).toHaveCount(0);
  await look(page, "truecaller-push-declined-waiting");
  // Past the time a person takes to answer (40 s from the push, by the server's clock: a reload
  // does not start it over), the page says so and leads to the other ways.
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 41 } })).ok()).toBe(true);
  await expect(
    page.getByText(
      "No prompt on the phone, or you declined it? Send it again, or verify another way.",
    ),
  ).toBeVisible();
  // Nothing spins beside words that say nothing is coming.
  await expect(page.locator("[data-spinner]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toHaveClass(
    /bg-brand-600/,
  );
  await look(page, "truecaller-push-no-answer");
  await page.reload();
  await expect(
    page.getByText(
      "No prompt on the phone, or you declined it? Send it again, or verify another way.",
    ),
  ).toBeVisible();

  // Until the request's 10 minutes are over.
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 601 } })).ok()).toBe(true);
  await expect(page.getByRole("heading", { name: "The request timed out" })).toBeFocused();
  await expect(page.getByRole("heading", { name: "You declined in Truecaller" })).toHaveCount(0);
  // Not blamed on the phone: a decline, which Truecaller does not report, is one likely cause.
  await expect(
    page.locator("main section").getByText(/or you declined it \(Truecaller does not tell us/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await expect(phone.getByTestId("sms-code").first()).toHaveText(/^\d{6}$/);
});

test("no answer to the push: the prompt goes again in its place, and the new one verifies", async ({
  page,
  browser,
  request,
}) => {
  await startVerification(page, "206 555 0168", /Truecaller/);
  const firstPage = page.url();
  const phone = await openPhone(browser, "+12065550168");
  await expect(phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]')).toHaveCount(1);
  // Nothing to send again while a person would still answer.
  await expect(page.getByRole("button", { name: /^Send the prompt again/ })).toHaveCount(0);
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 41 } })).ok()).toBe(true);
  // The e2e server lets a number be prompted again at once (TRUECALLER_PROMPT_INTERVAL=0).
  const again = page.getByRole("button", { name: "Send the prompt again" });
  await expect(again).toBeEnabled();
  await again.click();
  await expect(page).not.toHaveURL(firstPage);
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  // One live request: the new prompt waits, the old one no longer.
  await phone.reload();
  const prompts = phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]');
  await expect(prompts).toHaveCount(2);
  await expect(prompts.first()).toHaveAttribute("data-waited", "true");
  await expect(prompts.nth(1)).toHaveAttribute("data-waited", "false");
  await prompts.first().getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
});

test("declining Truecaller's sheet on an Android phone says so, and one click switches to SMS", async ({
  browser,
}) => {
  const page = await phoneContext(browser, "Pixel 7");
  // On Android the start page goes straight to the deep link: no push to the phone in hand.
  await startVerification(page, "206 555 0165", /Truecaller/);
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  await expect(page.getByText("Truecaller is open")).toBeVisible();
  const phone = await openPhone(browser, "+12065550165");
  await expect(
    phone.locator('[data-testid="truecaller-prompt"][data-flow="deeplink"]'),
  ).toBeVisible();
  await expect(phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]')).toHaveCount(0);
  await answerPrompt(phone, "Decline", "deeplink");
  // Flow B has a refusal callback: the app is told at once.
  await expect(phone.getByTestId("truecaller-answered")).toHaveText(
    "You declined: Truecaller told the app.",
  );
  // Told, but nothing to celebrate: a neutral box, not the green one of a share.
  await expect(phone.getByTestId("truecaller-answered").getByRole("status")).not.toHaveClass(
    /emerald/,
  );
  await look(phone, "sandbox-truecaller-answered");

  await expect(page.getByRole("heading", { name: "You declined in Truecaller" })).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText(/You declined in Truecaller/);
  await look(page, "truecaller-declined");
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await expect(phone.getByTestId("sms-code").first()).toHaveText(/^\d{6}$/);
});

test("on Android, switching to Truecaller from another method's page opens it on this phone: no push", async ({
  browser,
}) => {
  const page = await phoneContext(browser, "Pixel 7");
  await startVerification(page, "206 555 0167", /Code by SMS/);
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  // Straight to the deep link, as the start page would: not a push to the phone in hand, whose
  // page would then offer the deep link anyway.
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toHaveCount(0);
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  const phone = await openPhone(browser, "+12065550167");
  await expect(phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]')).toHaveCount(0);
  await answerPrompt(phone, "Continue", "deeplink");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
});

test("on Android, going on with the deep link ends a push: Continue on it changes nothing", async ({
  browser,
}) => {
  const page = await phoneContext(browser, "Pixel 7");
  await startVerification(page, "206 555 0166", /Code by SMS/);
  const smsPage = page.url();
  // A push on Android: started through the browser API, as an integrator's page might.
  await startThroughApi(page, "truecaller", "+12065550166");
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await page.getByRole("button", { name: "Continue with Truecaller on this phone" }).click();
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeVisible();

  const phone = await openPhone(browser, "+12065550166");
  const stale = phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]');
  await expect(stale).toHaveAttribute("data-waited", "false");
  await stale.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByTestId("truecaller-answered")).toHaveText(
    "You tapped Continue, but the app no longer waited for this request: nothing changed.",
  );
  await expect(phone.getByTestId("truecaller-answered")).toBeFocused();
  // The page still waits for the one live request, the deep link, and it still works.
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  await answerPrompt(phone, "Continue", "deeplink");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
  // The push's page was replaced, not stacked: Back leads to the page before it, not to a
  // request over.
  await page.goBack();
  await expect(page).toHaveURL(smsPage);
});

test("a number without Truecaller gets a clear message and the switch to SMS", async ({ page }) => {
  await startVerification(page, "206 555 1008", /Truecaller/);
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeVisible();
  await look(page, "truecaller-not-user");
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
});

test("on an Android browser, the deep link opens Truecaller on the same phone", async ({
  browser,
}) => {
  const android = await browser.newContext({ ...devices["Pixel 7"] });
  const page = await android.newPage();
  await startVerification(page, "206 555 0162", /Truecaller/);
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeVisible();
  await expect(page.getByText(/Truecaller will open on this phone/)).toBeVisible();
  // The simulated phone has nothing yet: its sheet is said as to come once Truecaller is opened.
  await expect(
    page.getByText("Sandbox: once you open Truecaller, its prompt shows on the simulated phone"),
  ).toBeVisible();
  // Nothing is under way before Truecaller is opened: no spinner says it waits.
  await expect(page.getByText("Waiting for Truecaller…")).toHaveCount(0);
  await expect(page.getByText(/^Expires in/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Start again with another number" })).toBeVisible();
  await look(page, "truecaller-deeplink");
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  // Once open, it is said once, as what the page waits for; the button only offers it again.
  await expect(page.getByRole("status").filter({ hasText: "Truecaller is open" })).toHaveText(
    "Truecaller is open: tap Continue there to share your number.",
  );
  await expect(page.getByText("Truecaller is open")).toHaveCount(1);
  await expect(page.getByText("Waiting for Truecaller…")).toHaveCount(0);
  // What will happen is no longer said as to come; the number to share stays on the page.
  await expect(page.getByText(/Truecaller will open on this phone/)).toHaveCount(0);
  await expect(page.getByText("The number it asks you to share: +1 206 555 0162.")).toBeVisible();
  await expect(page.getByText("Sandbox: the prompt shows on the simulated phone")).toBeVisible();
  const again = page.getByRole("button", { name: "Open Truecaller again" });
  await expect(again).toBeVisible();
  await expect(again).not.toHaveClass(/bg-brand-600/);
  await expect(page.getByRole("button", { name: "Open Truecaller", exact: true })).toHaveCount(0);
  await look(page, "truecaller-deeplink-opened");

  const phone = await openPhone(browser, "+12065550162");
  await answerPrompt(phone, "Continue", "deeplink");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
});

test("where the deep link does not open Truecaller, the page says so and offers SMS", async ({
  browser,
}) => {
  const android = await browser.newContext({ ...devices["Pixel 7"] });
  const phone = await android.newPage();
  await startVerification(phone, "206 555 0163", /Truecaller/);
  const open = phone.getByRole("button", { name: "Open Truecaller" });
  await open.click();
  await expect(phone.getByText("Truecaller is open")).toBeVisible();
  // The link works once: opened again, nothing takes it.
  await open.click();
  // Its heading says so (nothing above it still says Truecaller will open), and is heard.
  await expect(phone.getByRole("heading", { name: "Truecaller did not open" })).toBeFocused();
  await expect(phone.getByText(/Truecaller will open on this phone/)).toHaveCount(0);
  // The tab says so too.
  await expect(phone).toHaveTitle("Truecaller did not open – Phone Verify");
  // The way on, first below what went wrong: each other method once, the first the only primary
  // action, and no wait for a Truecaller that is not coming.
  const toSms = phone.getByRole("button", { name: "Send me a code by SMS instead" });
  await expect(toSms).toHaveCount(1);
  await expect(toSms).toHaveClass(/bg-brand-600/);
  await expect(
    phone.getByRole("button", { name: "Use the mobile data check instead" }),
  ).toHaveCount(1);
  await expect(phone.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  // The second try, in the words of every Truecaller retry.
  await expect(phone.getByRole("button", { name: "Try Truecaller again" })).not.toHaveClass(
    /bg-brand-600/,
  );
  await expect(phone.getByText("Waiting for Truecaller…")).toHaveCount(0);
  await expect(phone.locator("[data-spinner]")).toHaveCount(0);
  await expect(phone.getByRole("link", { name: "Start again with another number" })).toBeVisible();
  await look(phone, "truecaller-deeplink-not-opened");
});

test("a request nobody answers times out, with the ways on", async ({ page, request }) => {
  await startVerification(page, "206 555 0164", /Truecaller/);
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  // Move the server's clock past the request's 10 minutes instead of waiting.
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 601 } })).ok()).toBe(true);
  await expect(page.getByRole("heading", { name: "The request timed out" })).toBeFocused();
  await expect(page.getByTestId("ended-phone")).toHaveText("+1 206 555 0164");
  await expect(page.getByRole("button", { name: "Try Truecaller again" })).toBeVisible();
  await expect(
    page.getByRole("main").getByRole("link", { name: /simulated phone/ }),
  ).toHaveAttribute("href", "/sandbox?number=%2B12065550164");
  await look(page, "truecaller-timed-out");
});

test.describe("where every SMS asks for the robot check first", () => {
  let server: Server;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer(Number(process.env.E2E_PORT ?? 3100) + 9, {
      SMS_CHALLENGE: "always",
      SMS_CHALLENGE_DIFFICULTY: "2000",
    });
  });
  test.afterAll(() => server?.stop());

  test("a session's move on to SMS says once that a code is coming", async ({ page }) => {
    // A session whose number is not on Truecaller (…1008): it moves on to SMS by itself.
    await tapTruecallerNotOnTruecaller(page, server.url);
    const check = page.getByTestId("challenge");
    await expect(check.getByRole("checkbox")).toBeVisible();
    // Where it goes on to is said (SMS), and that a code will be sent only once: by the check.
    await expect(page.getByText("We'll verify it by SMS instead.")).toBeVisible();
    // What the page shows (the live region, which says the check once more, aside).
    const shown = await page.getByRole("main").evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      copy.querySelector('[data-testid="announcer"]')?.remove();
      return copy.textContent ?? "";
    });
    expect(shown.match(/\bsend\b/gi)).toHaveLength(1);
    await look(page, "truecaller-moving-on-challenge");
  });
});

test.describe("where Truecaller lets a number be prompted again only after 5 minutes (the default)", () => {
  let server: Server;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer(Number(process.env.E2E_PORT ?? 3100) + 10, { SANDBOX_CLOCK: "1" });
  });
  test.afterAll(() => server?.stop());

  /** Moves the sandbox's clock past the time a person answers a prompt in. */
  async function pastTheTimeToAnswer(page: Page) {
    const clock = await page.request.post(`${server.url}/api/sandbox/clock`, {
      data: { seconds: 41 },
    });
    expect(clock.ok()).toBe(true);
  }

  test("no answer yet: the words offer what the buttons do, the prompt again only once it may go", async ({
    page,
  }) => {
    await page.goto(`${server.url}/`);
    await page.getByLabel("Phone number").fill("206 555 0169");
    await page.getByRole("radio", { name: /Truecaller/ }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
    // A keyboard user on one of the other ways: when they turn into the way on, it keeps focus.
    const sms = page.getByRole("button", { name: "Send me a code by SMS instead" });
    await sms.focus();
    await pastTheTimeToAnswer(page);
    await expect(
      page.getByText(
        // Two countdowns on the card (the request's expiry, the button's): said which one.
        "No prompt on the phone, or you declined it? Verify another way, or send the prompt again once its button's countdown ends.",
      ),
    ).toBeVisible();
    await expect(sms).toHaveClass(/bg-brand-600/);
    await expect(sms).toBeFocused();
    const again = page.getByRole("button", { name: /^Send the prompt again in [45]:\d\d$/ });
    await expect(again).toHaveAttribute("aria-disabled", "true");
  });

  test("no answer yet on an Android phone: the words offer Truecaller on this phone, as the button does", async ({
    browser,
  }) => {
    const page = await phoneContext(browser, "Pixel 7");
    // A push on Android: started through the browser API, as an integrator's page might.
    await startThroughApi(page, "truecaller", "+12065550170", server.url);
    await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
    await pastTheTimeToAnswer(page);
    await expect(
      page.getByText(
        "No prompt on the phone, or you declined it? Continue with Truecaller on this phone, or verify another way.",
      ),
    ).toBeVisible();
    await expect(
      page.getByRole("button", { name: "Continue with Truecaller on this phone" }),
    ).toBeEnabled();
    // The prompt again is not offered beside it: on this phone, the deep link is the way again.
    await expect(page.getByRole("button", { name: /Send the prompt again/ })).toHaveCount(0);
    await look(page, "truecaller-no-answer-android");
    await page.context().close();
  });
});
