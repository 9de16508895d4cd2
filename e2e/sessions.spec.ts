import { createHmac } from "node:crypto";
import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { enterCode, openPhone, phoneContext, readCode } from "./helpers";
import { look, widths } from "./look";

// Verification sessions as an app's person lives them: the sandbox's integrating app makes a
// session (POST /api/sandbox/sessions, as an app's server would with its key), the browser
// opens its url, verifies on the hosted page, and lands back on the app's return_url with a
// token that the JWKS verifies. The phone is the simulated phone, in its own browser context.

type Created = { id: string; url: string };

/**
 * The sandbox key's secret, as lib/api-keys.ts derives it from the server's APP_SECRET
 * (playwright.config.ts): what the integrating app's server holds.
 */
function sandboxApiKey(): string {
  const appSecret = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
  const derived = createHmac("sha256", appSecret).update("sandbox api key").digest("hex");
  return `sk_sandbox_${derived.slice(0, 40)}`;
}

async function createSession(
  page: Page,
  baseURL: string,
  body: { phone?: string; methods?: string[] },
): Promise<Created> {
  const response = await page.request.post("/api/sandbox/sessions", {
    data: body,
    headers: { origin: baseURL },
  });
  expect(response.status(), await response.text()).toBe(201);
  const created = (await response.json()) as Created;
  expect(created.url).toBe(`${baseURL}/session/${created.id}/open`);
  return created;
}

/** Opens the session's url: bound to this browser, on the hosted page. */
async function openSession(page: Page, session: Created) {
  await page.goto(session.url);
  await expect(page).toHaveURL(new RegExp(`/session/${session.id}$`));
  await expect(page.getByRole("heading", { name: "Verify your phone number" })).toBeVisible();
}

/** Opens the session and taps its SMS card: the code's page, whose address it answers. */
async function startSmsInSession(page: Page, session: Created): Promise<string> {
  await openSession(page, session);
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  return page.url();
}

/**
 * On an Android phone, a session for `phone` whose app puts Truecaller first: its card tapped,
 * Truecaller opened on this phone (flow B, the deep link), waiting for its answer.
 */
async function openTruecallerOnAndroid(browser: Browser, baseURL: string, phone: string) {
  const page = await phoneContext(browser, "Pixel 7");
  const session = await createSession(page, baseURL, { phone, methods: ["truecaller", "sms"] });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeFocused();
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  await expect(page.getByText("Truecaller is open")).toBeVisible();
  return { page, session };
}

/** Waits for the app's return_url, and checks the token it carries against the JWKS. */
async function expectReturnedVerified(
  page: Page,
  baseURL: string,
  session: Created,
  phone: string,
  method: string,
) {
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("session_id")).toBe(session.id);
  expect(url.searchParams.get("error")).toBeNull();
  const token = url.searchParams.get("token");
  expect(token).toBeTruthy();
  const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", baseURL));
  const { payload } = await jwtVerify(token!, jwks, { issuer: baseURL, audience: "sandbox" });
  expect(payload).toMatchObject({
    sub: phone,
    phone_number: phone,
    amr: [method],
    sid: session.id,
  });
  // An app that asks rather than reads the token learns the same, the name included.
  const view = await page.request.get(`/api/v1/sessions/${session.id}`, {
    headers: { authorization: `Bearer ${sandboxApiKey()}` },
  });
  expect(await view.json()).toMatchObject({
    status: "verified",
    phone,
    method,
    name: payload.name ?? null,
  });
  // The app's own page checked the same token, and its receiver got the webhook, its
  // signature checked with the standardwebhooks package before it was kept.
  await expect(page.getByTestId("token-verified")).toBeVisible();
  await expect(
    page.getByTestId("webhooks").getByText("session.verified", { exact: true }),
  ).toBeVisible({ timeout: 15_000 });
}

/** Where the tru.ID emulator puts this machine's address (127.0.0.1): see its coverage rules. */
async function setNetwork(page: Page, network: "mobile" | "wifi" | "default") {
  const response = await page.request.post("/api/sandbox/tru-id/simulator/network", {
    data: { network },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** "Continue to <app>" on the success page, before its countdown would go by itself. */
async function continueToApp(page: Page) {
  await page.getByTestId("continue").click();
}

async function answerPrompt(
  phone: Page,
  action: "Continue" | "Decline" | "Use another number",
  flow: "push" | "deeplink" = "push",
) {
  const prompt = phone.locator(`[data-testid="truecaller-prompt"][data-flow="${flow}"]`);
  await expect(prompt).toHaveCount(1);
  await prompt.getByRole("button", { name: action }).click();
  await expect(prompt).toHaveCount(0);
}

test("SMS: one tap on the hosted page, the code, and back to the app with a token", async ({
  page,
  browser,
  baseURL,
}) => {
  // The page's clock, to run the return countdown through without waiting its 20 s.
  await page.clock.install();
  const session = await createSession(page, baseURL!, { phone: "+12065550810", methods: ["sms"] });
  await openSession(page, session);
  const host = new URL(baseURL!).host;
  await expect(page.getByTestId("session-app")).toHaveText(`for ${host}`);
  await expect(page.getByTestId("session-phone")).toHaveText("+1 206 555 0810");
  // Nothing was sent by opening the page: a link previewer must not cost an SMS. The phone's
  // inbox has loaded, and is empty.
  const phone = await openPhone(browser, "+12065550810");
  await expect(phone.getByText("No messages yet.")).toBeVisible();
  await expect(phone.getByTestId("sms-code")).toHaveCount(0);
  const inbox = await page.request.get("/api/sandbox/phone/messages?number=%2B12065550810");
  expect((await inbox.json()).messages).toEqual([]);
  // Each card's title is one line, on a phone too.
  await page.setViewportSize(widths.mobile);
  for (const title of await page.getByTestId("method-title").all()) {
    const lines = await title.evaluate(
      (element) =>
        element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight),
    );
    expect(lines).toBeLessThan(1.5);
  }
  await page.setViewportSize(widths.desktop);
  // The one method is no suggestion among others.
  await expect(page.getByText(/^Suggested/)).toHaveCount(0);
  // The header's mark is no way out of the app's flow to a verification it never hears of.
  await expect(page.getByTestId("home-mark")).toBeVisible();
  await expect(page.getByRole("link", { name: "Phone Verify" })).toHaveCount(0);
  await look(page, "session-open");

  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  // The way out looks like every other link: underlined, not a bold blue button.
  await expect(page.getByRole("button", { name: `Cancel and go back to ${host}` })).toHaveCSS(
    "text-decoration-line",
    "underline",
  );
  // The app gave the number: no offer to change it, only another way to verify it.
  await expect(page.getByText("No SMS?")).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose another way to verify" })).toBeVisible();
  await expect(page.getByText(/Wrong number/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Phone Verify" })).toHaveCount(0);
  await look(page, "session-sms-code");
  await enterCode(page, await readCode(phone));

  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText("Number verified");
  await expect(page.getByRole("button", { name: `Continue to ${host}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Verify another number" })).toHaveCount(0);
  // Back to the app by itself after a countdown the person sees, and can stop.
  await expect(page.getByTestId("return-countdown")).toHaveText(
    // The number and its unit held together by a no-break space.
    new RegExp(`^Taking you back to ${host.replace(/\./g, "\\.")} in \\d+\u00a0seconds?\\.$`),
  );
  await expect(page.getByRole("button", { name: "Stay on this page" })).toBeVisible();
  // This site's own sign-in is no news to a person on their way back to the app.
  await expect(page.getByText(/signed in/)).toHaveCount(0);
  await look(page, "session-verified");
  await page.clock.runFor(20_000);
  await expectReturnedVerified(page, baseURL!, session, "+12065550810", "sms");

  // Back from the app: the success page stays; it does not send the person off again.
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByTestId("return-countdown")).toHaveText(
    "You stay on this page. Continue when you are ready.",
  );
  await page.clock.runFor(25_000);
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page).not.toHaveURL(/\/sandbox\/app\/return/);
});

test("Truecaller: the known number gets the prompt, Continue on the phone, back to the app", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550811",
    methods: ["truecaller", "sms"],
  });
  await openSession(page, session);
  // The app's first choice leads, labelled as the suggestion (not a choice already made); its
  // other one is offered under it. On a computer, every way ends on the phone: the label says
  // so rather than suggest something for this computer.
  await expect(page.getByText("Suggested: use your phone", { exact: true })).toBeVisible();
  await expect(page.getByText("Suggested for this device")).toHaveCount(0);
  const others = page.getByTestId("other-methods");
  await expect(others.getByRole("button", { name: /^Code by SMS/ })).toBeVisible();
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  // Only the session's other method, in its words.
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await expect(page.getByRole("button", { name: /mobile data check/ })).toHaveCount(0);
  await look(page, "session-truecaller-waiting");

  await answerPrompt(await openPhone(browser, "+12065550811"), "Continue");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550811", "truecaller");
});

test("SMS, then Truecaller instead, verified: Back to the SMS attempt shows the success, not a closed verification", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550812",
    methods: ["sms", "truecaller"],
  });
  const smsAttempt = await startSmsInSession(page, session);
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  await answerPrompt(await openPhone(browser, "+12065550812"), "Continue");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
  const verifiedAttempt = page.url();

  // Back, before the page goes to the app: the SMS attempt the session no longer needs leads to
  // the success it ended with, as it does outside a session.
  await page.goBack();
  await expect(page).toHaveURL(verifiedAttempt);
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "This verification was closed" })).toHaveCount(0);
  expect(smsAttempt).not.toBe(verifiedAttempt);
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550812", "truecaller");
});

test("PhoneCheck: a QR code on the laptop, the phone opens it, the laptop goes back to the app", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550812",
    methods: ["phonecheck"],
  });
  await openSession(page, session);
  await expect(page.getByTestId("other-methods")).toHaveCount(0);
  await page.getByRole("button", { name: /^Mobile data check/ }).click();
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  // The session allows nothing else: no switch is offered (only the check's own "on this
  // computer instead").
  await expect(
    page.getByRole("button", { name: /instead/ }).filter({ hasNotText: "on this computer" }),
  ).toHaveCount(0);
  const link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");

  const phone = await phoneContext(browser);
  await phone.goto(link!);
  // The phone is asked first, naming the app's host (the sandbox app's is this server's).
  await expect(
    phone.getByText(`Verify +1 ••• ••• 0812 for ${new URL(baseURL!).host}?`),
  ).toBeVisible();
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550812", "phonecheck");
});

test("the phone opens the check after the person moved on to SMS: the SMS page turns verified and goes back to the app", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550828",
    methods: ["phonecheck", "sms"],
  });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Mobile data check/ }).click();
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  const link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();

  // The phone opens the link it was given before: the check verifies the number, and the
  // session with it. The SMS page does not call that "closed": it shows the success.
  const phone = await phoneContext(browser);
  await phone.goto(link!);
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByText("This verification was closed")).toHaveCount(0);
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550828", "phonecheck");
});

test("the app's only method ends in no match: the words offer no other way, only what is here", async ({
  page,
  browser,
  baseURL,
}) => {
  // …0839: an odd last digit, so the operator says the phone does not hold the SIM.
  const session = await createSession(page, baseURL!, {
    phone: "+12065550839",
    methods: ["phonecheck"],
  });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Mobile data check/ }).click();
  const link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");
  const phone = await phoneContext(browser);
  await phone.goto(link!);
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "No match for this number" })).toBeFocused();
  await expect(page.locator("main")).toContainText(
    "Your mobile operator says the phone that opened the check does not hold this number's SIM.",
  );
  await expect(page.locator("main")).not.toContainText("another way");
  await expect(page.getByTestId("announcer")).not.toContainText("another way");
});

test("on a computer, the mobile data check first is suggested with the phone, not for this device", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550843",
    methods: ["phonecheck", "sms"],
  });
  await openSession(page, session);
  // The check can only run on the phone (by the QR code): "for this device" would be untrue.
  const lead = page.getByRole("button", { name: /^Mobile data check/ });
  await expect(page.getByText("Suggested: use your phone", { exact: true })).toBeVisible();
  await expect(page.getByText("Suggested for this device")).toHaveCount(0);
  await look(page, "session-desktop-phonecheck");
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.getByText("Recomendado: usa tu teléfono", { exact: true })).toBeVisible();
  await expect(page.getByText("Recomendado para este dispositivo")).toHaveCount(0);
  await page.getByRole("button", { name: "English" }).click();
  await lead.click();
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  await expect(
    page.getByRole("button", { name: "Open it on this computer instead" }),
  ).toBeVisible();
});

test("declined in Truecaller (the sheet on an Android phone), then SMS in one tap, in the same session", async ({
  browser,
  baseURL,
}) => {
  const { page, session } = await openTruecallerOnAndroid(browser, baseURL!, "+12065550813");
  const phone = await openPhone(browser, "+12065550813");
  // Flow B's refusal is a callback Truecaller documents: the page hears of it at once.
  await answerPrompt(phone, "Decline", "deeplink");

  await expect(page.getByRole("heading", { name: "You declined in Truecaller" })).toBeFocused();
  // The ways on are the session's other methods, on the card; the app fixed the number, so
  // no link offers another number or the same choice again.
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose another way to verify" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Use another number" })).toHaveCount(0);
  await look(page, "session-truecaller-declined");
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await enterCode(page, await readCode(phone));
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550813", "sms");
});

test("a push declined on the phone: the page is not told and keeps waiting, with SMS one tap away", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550823",
    methods: ["truecaller", "sms"],
  });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  const phone = await openPhone(browser, "+12065550823");
  await answerPrompt(phone, "Decline");
  // Truecaller documents no callback for a refused push: nothing reaches the app.
  await expect(phone.getByTestId("truecaller-answered")).toHaveText(
    "You declined. Truecaller does not tell the app: it waits until the request times out.",
  );
  await expect(page).toHaveURL(/\/verify\/[\w-]+$/);
  const attempt = new URL(page.url()).pathname.split("/").pop()!;
  const read = await page.request.get(`/api/verifications/${attempt}`);
  expect(((await read.json()) as { verification: { status: string } }).verification.status).toBe(
    "pending",
  );
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You declined in Truecaller" })).toHaveCount(0);
  await look(page, "session-truecaller-push-declined");

  // The person need not wait for the timeout: the session's other method is one tap away.
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await enterCode(page, await readCode(phone));
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550823", "sms");
});

test("Back from an attempt to the choice of methods: a reload or another language keeps the choice", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550832",
    methods: ["truecaller", "sms"],
  });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  await page.goBack();
  const choice = page.getByRole("heading", { name: "Verify your phone number" });
  await expect(choice).toBeVisible();
  // Not thrown forward to the attempt, which a reload of the session's own page would do.
  await page.reload();
  await expect(choice).toBeVisible();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toHaveCount(0);
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.getByRole("heading", { name: "Verifica tu número de teléfono" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mira tu teléfono" })).toHaveCount(0);
  // The attempt is still there to go back to: the same method again resumes it.
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(page.getByRole("heading", { name: "Mira tu teléfono" })).toBeVisible();
});

test("Cancel goes back to the app with error=abandoned", async ({ page, baseURL }) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550814" });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Cancel and go back to/ }).click();
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("session_id")).toBe(session.id);
  expect(url.searchParams.get("error")).toBe("abandoned");
  expect(url.searchParams.get("token")).toBeNull();
  await expect(
    page.getByText("The session ended without a number: you gave up (error=abandoned)."),
  ).toBeVisible();
});

test("Back from the app after Cancel: the page says it is over and stays; Back again leaves", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550815", methods: ["sms"] });
  // The app's page the person came from.
  await page.goto("/sandbox/app");
  await startSmsInSession(page, session);
  const attempt = page.url();
  await page.getByRole("button", { name: /^Cancel and go back to/ }).click();
  await page.waitForURL(/\/sandbox\/app\/return\?.*error=abandoned/);

  // Back: the attempt's page, ended with its session, with the way back as its button. It does
  // not send the person forward again once the time of its check (every 3 s) has gone by.
  await page.goBack();
  await expect(page).toHaveURL(attempt);
  await expect(page.getByTestId("back-to-app")).toBeVisible();
  await page.waitForTimeout(3500);
  await expect(page).toHaveURL(attempt);
  await look(page, "session-attempt-over");

  // Back again: the hosted page (the choice of methods, as the start left it) says the
  // verification is over, and stays too.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/session/${session.id}\\?choose$`));
  await expect(page.getByRole("heading", { name: "This verification is over" })).toBeFocused();
  await expect(page.getByText("You canceled it before your number was verified.")).toBeVisible();
  await expect(page).toHaveTitle("This verification is over – Phone Verify");
  await look(page, "session-over");
  // Reloaded there, it stays too: this tab left for the app from this session.
  await page.reload();
  await expect(page.getByRole("heading", { name: "This verification is over" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/session/${session.id}\\?choose$`));

  // And Back once more reaches the app's page the person came from.
  await page.goBack();
  await expect(page).toHaveURL(/\/sandbox\/app$/);

  // Opened anew (the app's link again), the session over goes on to the app at once.
  await page.goto(session.url);
  await page.waitForURL(/\/sandbox\/app\/return\?.*error=abandoned/);
});

test("the session's last two minutes: the page says how long is left, once to a screen reader, then goes back to the app", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550826", methods: ["sms"] });
  await openSession(page, session);
  const created = (await (
    await page.request.get(`/api/v1/sessions/${session.id}`, {
      headers: { authorization: `Bearer ${sandboxApiKey()}` },
    })
  ).json()) as { expires_at: string };
  const serverNow = Date.parse(
    (await (await page.request.get("/api/sandbox/clock")).json()).now as string,
  );
  const secondsLeft = Math.floor((Date.parse(created.expires_at) - serverNow) / 1000);
  const warning = page.getByTestId("session-ending");
  // Plenty of time: no warning.
  await page.waitForTimeout(3500);
  await expect(warning).toHaveCount(0);

  // The server's clock moved on to 90 s before the end: the page learns it at its next check.
  const moved = await page.request.post("/api/sandbox/clock", {
    data: { seconds: secondsLeft - 90 },
  });
  expect(moved.ok()).toBe(true);
  await expect(warning).toContainText(
    /^Time is nearly up: this verification ends in 1:[23]\d, and then you go back to \S+\.$/,
  );
  await expect(page.getByTestId("announcer")).toContainText("Time is nearly up");
  // It counts down by itself, a second at a time.
  const shown = await warning.textContent();
  await expect(warning).not.toHaveText(shown!);
  await look(page, "session-ending-soon");

  // Past the end: back to the app, with error=expired.
  expect((await page.request.post("/api/sandbox/clock", { data: { seconds: 95 } })).ok()).toBe(
    true,
  );
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  expect(new URL(page.url()).searchParams.get("error")).toBe("expired");
});

test("a code sent late in the session counts down to the session's end, not past it", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550836", methods: ["sms"] });
  await openSession(page, session);
  const { expires_at } = (await (
    await page.request.get(`/api/v1/sessions/${session.id}`, {
      headers: { authorization: `Bearer ${sandboxApiKey()}` },
    })
  ).json()) as { expires_at: string };
  // Most of the session gone: less of it is left than a new code lasts.
  const clock = async () =>
    Date.parse((await (await page.request.get("/api/sandbox/clock")).json()).now as string);
  const left = Math.floor((Date.parse(expires_at) - (await clock())) / 1000);
  expect(
    (await page.request.post("/api/sandbox/clock", { data: { seconds: left - 300 } })).ok(),
  ).toBe(true);
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  const shown = await page.getByText(/^Expires in \d+:\d\d$/).textContent();
  const [minutes, seconds] = shown!.replace("Expires in ", "").split(":").map(Number);
  expect(minutes! * 60 + seconds!).toBeLessThanOrEqual(301);
  expect(minutes! * 60 + seconds!).toBeGreaterThan(280);
});

test("the app cancels while the person waits for the code: the page goes back to the app by itself", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550821", methods: ["sms"] });
  await startSmsInSession(page, session);

  // The app's server cancels (POST /api/v1/sessions/:id/cancel with its key); the person taps
  // nothing.
  const canceled = await page.request.post(`/api/v1/sessions/${session.id}/cancel`, {
    headers: { authorization: `Bearer ${sandboxApiKey()}` },
  });
  expect(canceled.status(), await canceled.text()).toBe(200);
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("session_id")).toBe(session.id);
  expect(url.searchParams.get("error")).toBe("canceled");
  expect(url.searchParams.get("token")).toBeNull();
  await expect(
    page.getByText("The session ended without a number: the app canceled it (error=canceled)."),
  ).toBeVisible();
});

test("the integrating app's return page shows a session only to the browser it was made for", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550822" });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Cancel and go back to/ }).click();
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  await expect(page.getByTestId("session")).toContainText(session.id);

  // The same return url in another browser (a shared link): nothing of the session.
  const other = await (await browser.newContext()).newPage();
  await other.goto(page.url());
  await expect(other.getByTestId("no-session")).toHaveText(
    "This browser did not start this session here, so the app shows nothing about it. Start one from the integrating app.",
  );
  await expect(other.getByText("+12065550822")).toHaveCount(0);
  await expect(other.getByTestId("session")).toHaveCount(0);
});

test("the url opened in a second browser says so, and shows nothing of the session", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { phone: "+12065550815" });
  await openSession(page, session);

  const other = await (await browser.newContext()).newPage();
  await other.goto(session.url);
  await expect(
    other.getByRole("heading", { name: "This link was opened in another browser" }),
  ).toBeVisible();
  await expect(other).toHaveTitle("Opened in another browser – Phone Verify");
  await expect(other.getByText("+1 206 555 0815")).toHaveCount(0);
  await expect(other.getByRole("main").getByRole("button")).toHaveCount(0);
  // No dead end: the words say where a new link comes from (the app) and what this browser can
  // do, and the one primary action is that, saying nothing of the session. That a number
  // verified here on one's own does not reach the app is said, not left to find out.
  await expect(other.getByText(/ask the app that sent you for a new link here/)).toBeVisible();
  await expect(other.getByText(/is not sent to that app/)).toBeVisible();
  const here = other.getByRole("main").getByRole("link", { name: "Verify a number here" });
  await expect(here).toHaveAttribute("href", "/");
  await expect(here).toHaveClass(/bg-brand-600/);
  await expect(other.getByRole("main").locator(".bg-brand-600")).toHaveCount(1);
  await look(other, "session-elsewhere");

  await other.goto(`/session/${"x".repeat(24)}`);
  await expect(
    other.getByRole("heading", { name: "We can't find this verification" }),
  ).toBeVisible();
  await look(other, "session-not-found");
});

test("a number the app fixed cannot be changed, on the page or by the API", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550816",
    methods: ["sms", "phonecheck"],
  });
  await openSession(page, session);
  await expect(page.getByLabel("Phone number")).toHaveCount(0);
  await expect(
    page.getByText(/chose this number\. To verify another one, go back to the app\./),
  ).toBeVisible();
  const refused = await page.request.post("/api/verifications", {
    data: { method: "sms", phone: "+12065550817", session: session.id },
    headers: { origin: baseURL! },
  });
  expect(refused.status()).toBeGreaterThanOrEqual(400);
  expect(refused.status()).toBeLessThan(500);
});

test("without a number from the app, the person types one; a bad one is said under the field", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, { methods: ["sms", "phonecheck"] });
  await openSession(page, session);
  // Every method a card with its description, as on the start form: not only the first.
  await expect(page.getByRole("button", { name: /^Code by SMS We text you/ })).toBeVisible();
  await expect(
    page.getByRole("button", { name: /^Mobile data check Your operator/ }),
  ).toBeVisible();
  await look(page, "session-open-no-number");
  await page.getByLabel("Phone number").fill("12");
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByTestId("phone-hint")).toHaveText(/not a valid phone number/);
  await page.getByLabel("Phone number").fill("206 555 0818");
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await expect(page.getByText("+1 206 555 0818", { exact: true })).toBeVisible();
  // Back on the session's page, the attempt under way is resumed.
  const attempt = page.url();
  await page.goto(`/session/${session.id}`);
  await expect(page).toHaveURL(attempt);
  // The app left the number to the person: beside the other methods, a way to another number.
  await expect(
    page.getByRole("group", { name: "Or verify another way" }).getByRole("button"),
  ).toHaveText(["Use the mobile data check instead"]);
  await expect(page.getByRole("link", { name: "Choose another way to verify" })).toHaveCount(0);
  await page.getByRole("link", { name: "Use another number" }).click();
  // The number comes back to be corrected or replaced, selected.
  await expect(page.getByLabel("Phone number")).toHaveValue("+1 206 555 0818");
  await expect(page.getByLabel("Phone number")).toBeFocused();
  await page.getByRole("button", { name: /^Mobile data check/ }).click();
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  await expect(
    page.getByRole("group", { name: "Or verify another way" }).getByRole("button"),
  ).toHaveText(["Send me a code by SMS instead"]);
  await expect(page.getByRole("link", { name: "Use another number" })).toHaveAttribute(
    "href",
    `/session/${session.id}?choose`,
  );
  await expect(page.getByRole("link", { name: "Choose another way to verify" })).toHaveCount(0);
});

test("Stay on this page stops the way back; Continue still goes", async ({
  page,
  browser,
  baseURL,
}) => {
  // The page's clock, to move it on instead of waiting for the countdown.
  await page.clock.install();
  const session = await createSession(page, baseURL!, { phone: "+12065550820", methods: ["sms"] });
  // Every way back taken, by the countdown's submit or by the button.
  const returns: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === `/session/${session.id}/return`) {
      returns.push(request.url());
    }
  });
  await openSession(page, session);
  const host = new URL(baseURL!).host;
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await enterCode(page, await readCode(await openPhone(browser, "+12065550820")));
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();

  const countdown = page.getByTestId("return-countdown");
  const secondsLeft = async () =>
    Number(/ in (\d+)\u00a0seconds?\.$/.exec((await countdown.textContent()) ?? "")?.[1]);
  const before = await secondsLeft();
  // 20 s (components/session/return-to-app.tsx), less what the test took to get here.
  expect(before).toBeGreaterThanOrEqual(15);
  await page.clock.fastForward(5_000);
  await expect.poll(secondsLeft).toBeLessThanOrEqual(before - 5);
  await page.getByRole("button", { name: "Stay on this page" }).click();
  // What changed (the way on is the button's to say).
  const stayed = "You stay on this page. Continue when you are ready.";
  await expect(countdown).toHaveText(stayed);
  await expect(page.getByTestId("announcer")).toHaveText(stayed);
  // Focus goes on to the way back, not to the page's top with the button that went.
  await expect(page.getByRole("button", { name: `Continue to ${host}` })).toBeFocused();
  await look(page, "session-verified-stayed");

  // Long past the countdown, every tick of it run: still here, still saying so, no way back
  // taken.
  await page.clock.runFor(60_000);
  await expect(countdown).toHaveText(stayed);
  await expect(page).toHaveURL(/\/verify\//);
  expect(returns).toEqual([]);
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550820", "sms");
  // The one way back was the button's: a submit by the countdown during the run would have
  // been a second.
  expect(returns).toHaveLength(1);
});

/** Presses Tab until `target` has focus, as a person would; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 25) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("by keyboard alone: the method, the code, and back to the app", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+12065550819",
    methods: ["truecaller", "sms"],
  });
  await openSession(page, session);
  await tabTo(page, page.getByRole("button", { name: /^Code by SMS/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  const code = await readCode(await openPhone(browser, "+12065550819"));
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toBeFocused();
  await page.keyboard.type(code);
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: /^Continue to/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expectReturnedVerified(page, baseURL!, session, "+12065550819", "sms");
});

test("the integrating app: a session from its page, verified, its token and webhook shown", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto("/sandbox/app");
  await look(page, "sandbox-app");
  const known = page.getByLabel("The number the app already knows (optional)");
  // A number it cannot take is said on the field, and nothing starts.
  await known.fill("206 55");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(known).toHaveAttribute("aria-invalid", "true");
  await expect(known).toBeFocused();
  await expect(page).toHaveURL(/\/sandbox\/app$/);
  // Typed as on the start page, national: the app sends it as +1…
  await known.fill("206 555 0819");
  await page.getByRole("checkbox", { name: "Truecaller" }).uncheck();
  await page.getByRole("checkbox", { name: "Mobile data check" }).uncheck();
  await expect(known).not.toHaveAttribute("aria-invalid");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(page.getByRole("heading", { name: "Verify your phone number" })).toBeVisible();
  await expect(page).toHaveTitle("Verify your phone number – Phone Verify");
  await expect(page.getByTestId("session-phone")).toHaveText("+1 206 555 0819");
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await enterCode(page, await readCode(await openPhone(browser, "+12065550819")));
  await continueToApp(page);
  const session = { id: "", url: "" };
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  await expect(page).toHaveTitle("Back in the integrating app – Phone Verify");
  session.id = new URL(page.url()).searchParams.get("session_id")!;
  await expectReturnedVerified(page, baseURL!, session, "+12065550819", "sms");
  await expect(page.getByTestId("claims")).toContainText('"phone_number": "+12065550819"');
  // The token's heading is the size of every success heading; the page's one action primary.
  await expect(page.getByRole("heading", { name: "Token verified" })).toHaveCSS(
    "font-size",
    "24px",
  );
  await expect(page.getByRole("link", { name: "Start another session" })).toHaveClass(
    /bg-brand-600/,
  );
  await expect(page.getByTestId("session")).toContainText('"status": "verified"');
  await look(page, "sandbox-app-return");
});

test("the integrating app sets its methods' order, by keyboard too, and the hosted page follows it", async ({
  page,
}) => {
  await page.goto("/sandbox/app");
  await expect(page).toHaveTitle("Integrating app – Phone Verify");
  const order = page.getByTestId("session-methods").locator("label");
  // None allowed: said, and nothing starts.
  for (const name of ["Mobile data check", "Truecaller", "Code by SMS"]) {
    await page.getByRole("checkbox", { name }).uncheck();
  }
  await page.getByRole("button", { name: "Start a session" }).click({ force: true });
  await expect(page.getByText("Tick at least one method.")).toBeVisible();
  await expect(page).toHaveURL(/\/sandbox\/app$/);
  for (const name of ["Mobile data check", "Truecaller", "Code by SMS"]) {
    await page.getByRole("checkbox", { name }).check();
  }
  await expect(page.getByText("Tick at least one method.")).toHaveCount(0);
  await expect(order).toHaveText(["Mobile data check", "Truecaller", "Code by SMS"]);
  const up = page.getByRole("button", { name: "Move Code by SMS up" });
  await expect(page.getByRole("button", { name: "Move Mobile data check up" })).toBeDisabled();
  await up.focus();
  await page.keyboard.press("Enter");
  await expect(order).toHaveText(["Mobile data check", "Code by SMS", "Truecaller"]);
  await expect(up).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(order).toHaveText(["Code by SMS", "Mobile data check", "Truecaller"]);
  // At the top it cannot go further up: focus goes to its other button, not to the page.
  await expect(up).toBeDisabled();
  await expect(page.getByRole("button", { name: "Move Code by SMS down" })).toBeFocused();
  await look(page, "sandbox-app-order");
  await page.getByRole("button", { name: "Start a session" }).click();
  await expect(page.getByRole("heading", { name: "Verify your phone number" })).toBeVisible();
  // On a computer, the first of the app's methods leads, the others follow in its order.
  const methods = page.locator("button[data-method]");
  await expect(methods).toHaveCount(3);
  expect(await methods.evaluateAll((all) => all.map((b) => b.getAttribute("data-method")))).toEqual(
    ["sms", "phonecheck", "truecaller"],
  );
  await expect(page.getByTestId("other-methods").locator("button[data-method]")).toHaveCount(2);
});

test("not on Truecaller: the session moves on to SMS by itself, and records both attempts", async ({
  page,
  browser,
  baseURL,
}) => {
  // …1008: the Truecaller emulator answers at once that the number has no account.
  const session = await createSession(page, baseURL!, {
    phone: "+12065551008",
    methods: ["truecaller", "sms"],
  });
  await openSession(page, session);
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  // No tap: why, on the screen and in the live region, while the code goes out…
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeFocused();
  await expect(page.getByText("Sending you a code by SMS instead…", { exact: true })).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText(
    "This number is not on Truecaller. Sending you a code by SMS instead…",
  );
  await expect(page.getByRole("button", { name: /instead/ })).toHaveCount(0);
  // …then the code's page.
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  const code = await readCode(await openPhone(browser, "+12065551008"));
  const smsAttempt = page.url();
  const truecallerAttempt = visited.find((url) => url.includes("/verify/"));
  expect(truecallerAttempt).toBeDefined();
  expect(truecallerAttempt).not.toBe(smsAttempt);

  // Back on the Truecaller attempt's page: its ending and the choices, nothing started again
  // (the session's attempt under way is still the SMS one).
  await page.goto(truecallerAttempt!);
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeFocused();
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.goto(`/session/${session.id}`);
  await expect(page).toHaveURL(smsAttempt);

  await enterCode(page, code);
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065551008", "sms");
  const attempts = page.getByTestId("session");
  await expect(attempts).toContainText('"reason": "not_truecaller_user"');
  await expect(attempts).toContainText('"method": "sms"');
});

test("moved on from Truecaller to SMS, the session returns to the SMS attempt already sent: no second SMS", async ({
  page,
  browser,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    phone: "+14255551008",
    methods: ["sms", "truecaller"],
  });
  const smsAttempt = await startSmsInSession(page, session);
  const phone = await openPhone(browser, "+14255551008");
  const code = await readCode(phone);
  // Past the moment in which a second start is the first one's twin (a double click).
  expect((await page.request.post("/api/sandbox/clock", { data: { seconds: 3 } })).ok()).toBe(true);
  // …1008 is not on Truecaller: the session moves on to SMS by itself, to the code already sent.
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  await expect(page.getByText("Sending you a code by SMS instead…", { exact: true })).toBeVisible();
  await expect(page).toHaveURL(smsAttempt);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await phone.reload();
  await expect(phone.getByTestId("sms-code")).toHaveCount(1);
  await enterCode(page, code);
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+14255551008", "sms");
});

test("an Android phone with Truecaller first: Truecaller on this phone (flow B), back to the app", async ({
  browser,
  baseURL,
}) => {
  const page = await phoneContext(browser, "Pixel 7");
  const session = await createSession(page, baseURL!, {
    phone: "+12065550841",
    methods: ["truecaller", "sms"],
  });
  await openSession(page, session);
  // On Android, Truecaller opens on this very phone: the first tap starts the deep link, with
  // no prompt pushed to the number first.
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeFocused();
  await look(page, "session-android-truecaller");
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  await expect(page.getByText("Truecaller is open")).toBeVisible();
  const phone = await openPhone(browser, "+12065550841");
  // The prompt feed has loaded (the deep link's prompt is in it), without a push prompt.
  await expect(
    phone.locator('[data-testid="truecaller-prompt"][data-flow="deeplink"]'),
  ).toHaveCount(1);
  await expect(phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]')).toHaveCount(0);
  await answerPrompt(phone, "Continue", "deeplink");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeVisible();
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550841", "truecaller");
  // One attempt recorded: the deep link's.
  const read = JSON.parse((await page.getByTestId("session").textContent())!) as {
    attempts: { method: string; status: string }[];
  };
  expect(read.attempts).toEqual([
    expect.objectContaining({ method: "truecaller", status: "approved" }),
  ]);
});

test("on an Android phone, switching from SMS to Truecaller opens Truecaller here, as the hosted page would", async ({
  browser,
  baseURL,
}) => {
  const page = await phoneContext(browser, "Pixel 7");
  // The emulator cannot deliver to …0422: the SMS attempt ends, offering Truecaller.
  const session = await createSession(page, baseURL!, {
    phone: "+14255550422",
    methods: ["sms", "truecaller"],
  });
  await openSession(page, session);
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByRole("heading", { name: "We could not send the SMS" })).toBeFocused();
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  // The deep link on this phone (flow B), not a prompt pushed to it first.
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeFocused();
  await page.getByRole("button", { name: "Open Truecaller" }).click();
  await expect(page.getByText("Truecaller is open")).toBeVisible();
  const phone = await openPhone(browser, "+14255550422");
  await expect(
    phone.locator('[data-testid="truecaller-prompt"][data-flow="deeplink"]'),
  ).toHaveCount(1);
  await expect(phone.locator('[data-testid="truecaller-prompt"][data-flow="push"]')).toHaveCount(0);
});

test("an iPhone with PhoneCheck first: turn off Wi-Fi only when needed, the check, the token", async ({
  browser,
  baseURL,
}) => {
  const page = await phoneContext(browser, "iPhone 14");
  const session = await createSession(page, baseURL!, {
    phone: "+12065550842",
    methods: ["phonecheck", "sms"],
  });
  try {
    // tru.ID says this phone's address is not on a mobile network: the page asks for Wi-Fi off.
    await setNetwork(page, "wifi");
    await openSession(page, session);
    // On the phone itself, the suggestion is for this device.
    await expect(page.getByText("Suggested for this device", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: /^Mobile data check/ }).click();
    const heading = page.getByRole("heading", { name: "Confirm with a mobile data check" });
    await expect(heading).toBeFocused();
    await expect(page.getByTestId("phonecheck-qr")).toHaveCount(0);
    const wifi = page.getByText(/turn off Wi-Fi first/);
    await expect(wifi).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expect(wifi).toBeVisible();

    // On mobile data already: no note, straight to the check.
    await setNetwork(page, "mobile");
    await page.reload();
    await expect(heading).toBeVisible();
    await expect(wifi).toHaveCount(0);
    await look(page, "session-iphone-phonecheck");
    await page.getByRole("link", { name: "Open the mobile data check" }).click();
    await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  } finally {
    await setNetwork(page, "default");
  }
  await continueToApp(page);
  await expectReturnedVerified(page, baseURL!, session, "+12065550842", "phonecheck");
});

test("a method the number cannot use is refused below its own card, which waits for another number", async ({
  page,
  baseURL,
}) => {
  const session = await createSession(page, baseURL!, {
    methods: ["phonecheck", "truecaller", "sms"],
  });
  await openSession(page, session);
  await page.getByLabel("Phone number").fill("+44 7911 123456");
  const sms = page.getByRole("button", { name: /^Code by SMS/ });
  await sms.click();
  const problem = page.getByTestId("start-problem");
  await expect(problem).toContainText(
    "Codes by SMS go only to numbers of these countries here: US, CA.",
  );
  // Below the card tapped (not under the suggested one), and no second set of buttons for the
  // other methods: their cards are right there.
  await expect(page.locator('[data-method="sms"] + [data-testid="start-problem"]')).toHaveCount(1);
  await expect(problem.getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /instead$/ })).toHaveCount(0);
  await expect(sms).toHaveAttribute("aria-disabled", "true");
  // Another number: the card can be tapped again.
  await page.getByLabel("Phone number").fill("206 555 0819");
  await expect(sms).not.toHaveAttribute("aria-disabled", "true");
  await expect(problem).toHaveCount(0);
});

test("the app's only method cannot verify its number: going back to the app is the way on", async ({
  page,
  baseURL,
}) => {
  // SMS alone, for a number outside +1: refused before anything is sent.
  const abroad = await createSession(page, baseURL!, { phone: "+34612345678", methods: ["sms"] });
  await openSession(page, abroad);
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByText(/Codes by SMS go only to numbers/)).toBeVisible();
  // No "verify another way": the app allows none here; its way back is the one action.
  await expect(page.getByTestId("start-problem")).not.toContainText("another way");
  const back = page.getByTestId("give-up-button");
  await expect(back).toHaveText(/^Go back to /);
  await expect(back).toHaveClass(/bg-brand-600/);
  await look(page, "session-only-method-refused");
  await back.click();
  await page.waitForURL(/\/sandbox\/app\/return\?/);
  expect(new URL(page.url()).searchParams.get("error")).toBe("abandoned");

  // Truecaller alone, for a number without it: the ending's one action is the way back.
  const notUser = await createSession(page, baseURL!, {
    phone: "+12065551008",
    methods: ["truecaller"],
  });
  await openSession(page, notUser);
  await page.getByRole("button", { name: /^Truecaller/ }).click();
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeFocused();
  await expect(page.getByTestId("give-up-button")).toHaveText(/^Go back to /);
  await look(page, "session-only-method-ended");
});

test("'use another number' in Truecaller, where the app fixed the number: the words offer what is here", async ({
  browser,
  baseURL,
}) => {
  const { page } = await openTruecallerOnAndroid(browser, baseURL!, "+12065550816");
  const phone = await openPhone(browser, "+12065550816");
  await answerPrompt(phone, "Use another number", "deeplink");
  await expect(
    page.getByRole("heading", { name: "You chose to use another number" }),
  ).toBeFocused();
  // Not "start again with the other number": the app gave this one, and only it can change it.
  await expect(page.locator("main")).toContainText(
    "Verify this number another way here, or go back to the app to use the other number.",
  );
  await expect(page.locator("main")).not.toContainText("start again with the other number");
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
});
