import { expect, type Locator } from "@playwright/test";
import { test } from "./fixtures";
import { enterCode, openPhone, readCode, startVerification } from "./helpers";
import { look } from "./look";
import { startServer, type Server } from "./server";

// The SMS method as a person lives it: the laptop page and the phone (the simulated phone
// page, in a second browser context). Every state is checked by axe and photographed.

test.use({ viewport: { width: 1280, height: 800 } });

const announcer = (page: import("@playwright/test").Page) => page.getByTestId("announcer");

/**
 * The colour an element's background (or its text) paints, as [red, green, blue, alpha] from
 * 0 to 255, whatever notation the browser computes it in (Tailwind's colours are oklch).
 */
function paint(
  locator: Locator,
  property: "backgroundColor" | "color" = "backgroundColor",
): Promise<[number, number, number, number]> {
  return locator.evaluate((element, property) => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(element)[property];
    context.fillRect(0, 0, 1, 1);
    const [red = 0, green = 0, blue = 0, alpha = 0] = context.getImageData(0, 0, 1, 1).data;
    return [red, green, blue, alpha];
  }, property);
}

test("enter a number, read the code on the phone, type it, see what happened and what next", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await look(page, "start");
  await startVerification(page, "206 555 0142", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  await expect(page.getByText("+1 206 555 0142", { exact: true })).toBeVisible();
  await expect(announcer(page)).toHaveText("We sent a code by SMS to +1 206 555 0142.");
  await expect(page).toHaveTitle("Code by SMS: verify your number – Phone Verify");
  // Nothing typed yet: no count of attempts to read, and Verify, the next step though not yet,
  // keeps the brand's blue, faded (not a grey block), its words dark enough to read.
  await expect(page.getByText(/attempts? left/)).toHaveCount(0);
  const verify = page.getByRole("button", { name: "Verify" });
  await expect(verify).toHaveAttribute("aria-disabled", "true");
  const [red, green, blue] = await paint(verify);
  expect(blue - red, "Verify is blue").toBeGreaterThan(20);
  expect(blue, "Verify is blue").toBeGreaterThanOrEqual(green);
  expect(red, "Verify is faded").toBeGreaterThan(180);
  const [textRed, textGreen, textBlue] = await paint(verify, "color");
  expect(Math.max(textRed, textGreen), "its words are dark").toBeLessThan(100);
  expect(textBlue - textRed, "its words are blue").toBeGreaterThan(60);
  // No SMS, or no wish to wait: the other ways in one tap, as on every method's waiting screen.
  await expect(
    page.getByRole("group", { name: "Or verify another way" }).getByRole("button"),
  ).toHaveText(["Use Truecaller instead", "Use the mobile data check instead"]);
  await expect(page.getByRole("link", { name: "Start again with another number" })).toHaveAttribute(
    "href",
    "/",
  );
  await look(page, "sms-code");

  const phone = await openPhone(browser, "+12065550142");
  const code = await readCode(phone);
  await look(phone, "sandbox-sms");

  // A digit pressed on a button the person moved to is the button's: the boxes stay as they are.
  const resend = page.getByRole("button", { name: /^Resend code/ });
  await resend.focus();
  await page.keyboard.press("5");
  await expect(resend).toBeFocused();
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toHaveValue("");
  // Verify, pressed too soon, waits for the digits: typed on it, they go to the boxes.
  await verify.click({ force: true });
  await page.keyboard.press("5");
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toHaveValue("5");
  await page.keyboard.press("Backspace");
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toHaveValue("");
  // Typed at once, with the focus on the heading (where the new state put it), the digits go
  // to the boxes, and the code goes by itself once complete.
  await page.getByRole("heading", { name: "Enter the code" }).focus();
  await page.keyboard.type(code);
  const heading = page.getByRole("heading", { name: "Number verified" });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(announcer(page)).toHaveText("Number verified");
  // The tab says it too, as the history entry and a reload do.
  await expect(page).toHaveTitle("Number verified – Phone Verify");
  await expect(page.getByTestId("verified-phone")).toHaveText("+1 206 555 0142");
  await expect(page.getByText(/is verified as yours, with a code by SMS/)).toBeVisible();
  // SUCCESS_URL (playwright.config.ts) is where Continue leads; another number is the way back.
  await expect(page.getByRole("link", { name: "Continue" })).toHaveAttribute(
    "href",
    "https://example.com/welcome",
  );
  await expect(page.getByRole("link", { name: "Verify another number" })).toHaveAttribute(
    "href",
    "/",
  );
  await expect(page.getByText(/This browser is now signed in with this number\./)).toBeVisible();
  await look(page, "sms-verified");
  // Back to the start page: it says so there too (the page the tab held was from before).
  await page.goBack();
  await expect(page.getByTestId("signed-in")).toContainText("+1 206 555 0142");
  await page.goForward();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await page.reload();
  await expect(page).toHaveTitle("Number verified – Phone Verify");

  // Signed in, as it said: the start page shows with which number, and signs out.
  const verifiedPage = page.url();
  await page.getByRole("link", { name: "Verify another number" }).click();
  const signedIn = page.getByTestId("signed-in");
  await expect(signedIn).toHaveText(/^Signed in on this browser as \+1 206 555 0142\.\s*Sign out$/);
  // Another number: the field starts empty, not with the one just verified.
  await expect(page.getByLabel("Phone number")).toHaveValue("");
  await look(page, "start-signed-in");
  await signedIn.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Verify your phone number" })).toBeVisible();
  await expect(page.getByTestId("signed-in")).toHaveCount(0);
  // Said, on the page and to a screen reader.
  const signedOut = "You are signed out: this browser no longer holds your number.";
  await expect(page.getByTestId("signed-out")).toHaveText(signedOut);
  await expect(announcer(page)).toHaveText(signedOut);
  // For good: the browser let go of its verifications too, so that the next poll of the
  // verified one cannot sign it in again (on a shared computer, as the person who left).
  const answer = await page.goto(verifiedPage);
  expect(answer?.status()).toBe(404);
  const cookies = await page.context().cookies();
  expect(cookies.map((cookie) => cookie.name)).not.toContain("pv_session");
});

test("switching back to SMS returns to the code already sent: no second SMS, and that code works", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0146", /Code by SMS/);
  const smsPage = page.url();
  const phone = await openPhone(browser, "+12065550146");
  const code = await readCode(phone);
  // Past the moment in which a second start is the first one's twin (a double click).
  expect((await page.request.post("/api/sandbox/clock", { data: { seconds: 3 } })).ok()).toBe(true);
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  // The same verification, its code still on its way: not a new one.
  await expect(page).toHaveURL(smsPage);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await phone.reload();
  await expect(phone.getByTestId("sms-code")).toHaveCount(1);
  await enterCode(page, code);
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
});

test("verified by Truecaller instead: Back leads to the success page, not to the code no longer needed", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0148", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  // Past the moment in which a second start is the first one's twin (a double click).
  expect((await page.request.post("/api/sandbox/clock", { data: { seconds: 3 } })).ok()).toBe(true);
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  const verifiedPage = page.url();
  const phone = await openPhone(browser, "+12065550148");
  const prompt = phone.getByTestId("truecaller-prompt");
  await prompt.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(verifiedPage);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toHaveCount(0);

  // Verifying the same number again, on purpose, is a new attempt: it asks for its code.
  await startVerification(page, "206 555 0148", /Code by SMS/);
  const againPage = page.url();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  // The old success page seen again does not make that new attempt one no longer needed.
  await page.goto(verifiedPage);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  await page.goto(againPage);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page).toHaveURL(againPage);
});

test("a wrong code empties the boxes, marks them, keeps the cursor there and says so", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0143", /Code by SMS/);
  const phone = await openPhone(browser, "+12065550143");
  const code = await readCode(phone);
  const wrong = code === "000000" ? "111111" : "000000";
  const first = page.getByRole("textbox", { name: "Digit 1 of 6" });
  // The attempts left are not counted until one is lost.
  await expect(page.getByText(/attempts? left/)).toHaveCount(0);

  await enterCode(page, wrong);
  const notice = page.getByTestId("code-notice");
  await expect(notice).toHaveText("That code is not right. 2 attempts left.");
  await expect(announcer(page)).toHaveText("That code is not right. 2 attempts left.");
  // Said once: the notice counts the attempts, the line below it steps aside meanwhile.
  await expect(page.locator("main section").getByText(/attempts? left/)).toHaveCount(1);
  await expect(page.getByTestId("attempts-left")).toHaveCount(0);
  await expect(first).toBeFocused();
  for (const box of await page.getByRole("textbox", { name: /^Digit/ }).all()) {
    await expect(box).toHaveValue("");
    await expect(box).toHaveAttribute("aria-invalid", "true");
  }
  await look(page, "sms-wrong-code");

  // Typing again clears the mark; two more wrong codes lock the code.
  await first.pressSequentially("1");
  await expect(first).not.toHaveAttribute("aria-invalid");
  await expect(page.getByTestId("attempts-left")).toHaveText("2 attempts left");
  // The server counts the wrong codes: a reload still says how many attempts are left.
  await page.reload();
  await expect(page.getByTestId("attempts-left")).toHaveText("2 attempts left");
  await enterCode(page, wrong);
  await expect(notice).toHaveText("That code is not right. 1 attempt left.");
  await enterCode(page, wrong);
  const locked = page.getByRole("heading", { name: "Too many wrong codes" });
  await expect(locked).toBeFocused();
  await expect(page.getByRole("button", { name: "Send me a new code" })).toBeVisible();
  await look(page, "sms-locked");
});

test("an expired code offers a resend; after it, the old code is told apart and the new one works", async ({
  page,
  browser,
  request,
}) => {
  await startVerification(page, "206 555 0144", /Code by SMS/);
  const phone = await openPhone(browser, "+12065550144");
  const first = await readCode(phone);

  // Move the server's clock past the code's 10 minutes instead of waiting.
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 601 } })).ok()).toBe(true);
  await expect(page.getByRole("heading", { name: "The code expired" })).toBeFocused();
  await expect(announcer(page)).toHaveText(/The code expired/);
  await expect(page.getByRole("textbox", { name: /^Digit/ })).toHaveCount(0);
  // The other ways look as on every ended card: outlined buttons under the primary one.
  for (const name of ["Use Truecaller instead", "Use the mobile data check instead"]) {
    await expect(page.getByRole("button", { name })).toHaveCSS("border-top-width", "1px");
  }
  await expect(page.getByText("Or verify another way")).toHaveCount(0);
  await look(page, "sms-expired");

  // Every ending that offers a new code words it the same way.
  await page.getByRole("button", { name: "Send me a new code" }).click();
  const second = await readCode(phone, first);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();

  // A resend within the code's life: the green notice, and nothing red beside it.
  await expect(page.getByRole("button", { name: "Resend code" })).toBeEnabled();
  await page.getByRole("button", { name: "Resend code" }).click();
  const notice = page.getByTestId("code-notice");
  await expect(notice).toHaveText("A new code is on its way. The old one no longer works.");
  const third = await readCode(phone, second);
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toBeFocused();
  await look(page, "sms-resent");

  await enterCode(page, second);
  // One message at a time: the red one replaces the green one.
  await expect(notice).toHaveText(/^That is the code from an earlier SMS/);
  await expect(notice).toHaveCount(1);
  await look(page, "sms-old-code");
  await enterCode(page, third);
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
});

test("a number that cannot receive SMS says only that, with the ways on", async ({ page }) => {
  await startVerification(page, "206 555 0422", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "We could not send the SMS" })).toBeFocused();
  // The tab says so too, not "Code by SMS: verify your number".
  await expect(page).toHaveTitle("We could not send the SMS – Phone Verify");
  // No code was sent: nothing about one.
  await expect(page.getByText(/We sent a/)).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: /^Digit/ })).toHaveCount(0);
  await expect(page.getByText(/attempts? left/)).toHaveCount(0);
  await expect(page.getByText(/Expires in/)).toHaveCount(0);
  // Another method is the way on (the one primary action); a resend stays, secondary.
  await expect(page.getByRole("button", { name: "Send me a new code" })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Send me a new code" })).not.toHaveClass(
    /bg-brand-600/,
  );
  await expect(page.getByRole("button", { name: "Use Truecaller instead" })).toHaveClass(
    /bg-brand-600/,
  );
  await expect(page.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Start again with another number" })).toBeVisible();
  // The number on a line of its own, not in brackets after the sentence.
  await expect(page.getByTestId("ended-phone")).toHaveText("+1 206 555 0422");
  await expect(page.getByText(/\(\+1 206/)).toHaveCount(0);
  // The ended screen links to the simulated phone too, on this number.
  await expect(
    page.getByRole("main").getByRole("link", { name: /simulated phone/ }),
  ).toHaveAttribute("href", "/sandbox?number=%2B12065550422");
  await look(page, "sms-undeliverable");
});

test("an SMS the provider failed to send blames the provider, not the number: a new code comes first", async ({
  page,
}) => {
  // …0500: the emulator answers 500.
  await startVerification(page, "206 555 0500", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "We could not send the SMS" })).toBeFocused();
  await expect(page.getByText(/^The text message service did not take it/)).toBeVisible();
  await expect(page.getByText(/may not take text messages/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send me a new code" })).toHaveClass(
    /bg-brand-600/,
  );
  await expect(page.getByRole("button", { name: "Use Truecaller instead" })).not.toHaveClass(
    /bg-brand-600/,
  );
  await expect(page.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  await look(page, "sms-provider-failed");
});

test("an SMS the provider did not confirm: the page says it may be late, and takes its code", async ({
  page,
  browser,
}) => {
  // The emulator sends to …0202, then answers with a body that cannot be read.
  await startVerification(page, "206 555 0202", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  await expect(page.getByText("Your SMS may be late.", { exact: true })).toBeVisible();
  // Not "we sent" (nobody knows that), neither on the page nor in the live region; but the
  // number to check and the digits to expect.
  await expect(page.getByText(/We sent a/)).toHaveCount(0);
  await expect(
    page.getByText("We asked for a 6-digit code to be sent by SMS to +1 206 555 0202."),
  ).toBeVisible();
  await expect(announcer(page)).toHaveText(/^Your SMS may be late\./);
  await look(page, "sms-send-unconfirmed");
  const phone = await openPhone(browser, "+12065550202");
  await enterCode(page, await readCode(phone));
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
});

test("once every code of a verification is sent, it says no more can be", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0147", /Code by SMS/);
  const phone = await openPhone(browser, "+12065550147");
  let previous = await readCode(phone);
  const resend = page.getByRole("button", { name: "Resend code" });
  // SMS_MAX_SENDS (5) with the first; SMS_RESEND_COOLDOWN is 2 s here, doubled after each send
  // (2, 4, 8, then 16 s). The server's clock goes through each cooldown (the page counts down
  // by it), rather than the test waiting 30 s.
  for (let sends = 1; sends < 5; sends += 1) {
    const cooldown = 2 * 2 ** (sends - 1);
    expect(
      (await page.request.post("/api/sandbox/clock", { data: { seconds: cooldown } })).ok(),
    ).toBe(true);
    await expect(resend).toBeEnabled();
    await resend.click();
    previous = await readCode(phone, previous);
    if (sends === 3) {
      // Waiting its 16 s, the resend is quiet words, no block, and the keyboard still reaches
      // it, its name counting down.
      const waiting = page.getByRole("button", { name: /^Resend code in 0:1\d$/ });
      await expect(waiting).toHaveAttribute("aria-disabled", "true");
      // (Its colours fade in 150 ms from the enabled button's: polled, not read mid-fade.)
      await expect
        .poll(async () => (await paint(waiting))[3], { message: "no background" })
        .toBe(0);
      await expect(waiting).toHaveCSS("border-top-width", "0px");
      await waiting.focus();
      await expect(waiting).toBeFocused();
    }
  }
  // One notice says both that a code is on its way and that it is the last.
  const notice = page.getByTestId("code-notice");
  await expect(notice).toHaveText("A new code is on its way. It is the last one we can send.");
  await expect(page.getByText(/No more codes/)).toHaveCount(0);
  await expect(resend).toHaveCount(0);
  // In the resend's place, the other ways, secondary: the code to type stays the way on.
  const truecaller = page.getByRole("button", { name: "Use Truecaller instead" });
  await expect(truecaller).toBeVisible();
  await expect(truecaller).not.toHaveClass(/bg-brand-600/);
  await expect(page.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  // The pointer that clicked the resend would rest on the button now in its place.
  await page.mouse.move(0, 0);
  await look(page, "sms-no-more-codes");

  // Where the notice is no longer on screen (a reload), the card says it by itself.
  await page.reload();
  await expect(page.getByText("No more codes can be sent for this verification.")).toBeVisible();
  await expect(truecaller).toBeVisible();

  // The last code expires: no resend is left, so another method is the one way on, primary.
  expect((await page.request.post("/api/sandbox/clock", { data: { seconds: 601 } })).ok()).toBe(
    true,
  );
  await expect(page.getByRole("heading", { name: "The code expired" })).toBeFocused({
    timeout: 15_000,
  });
  await expect(page.getByText("No more codes can be sent for this verification.")).toBeVisible();
  // Nothing on the card asks for a new code that cannot be sent.
  await expect(page.getByText(/Send a new one/)).toHaveCount(0);
  await expect(truecaller).toHaveClass(/bg-brand-600/);
  await expect(page.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  await look(page, "sms-expired-no-more-codes");
});

test("Backspace on an empty box goes back; a code pasted into the third box fills every box", async ({
  page,
  context,
  browser,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await startVerification(page, "206 555 0145", /Code by SMS/);
  const code = await readCode(await openPhone(browser, "+12065550145"));
  const box = (n: number) => page.getByRole("textbox", { name: `Digit ${n} of 6` });

  await box(1).pressSequentially("12");
  await expect(box(3)).toBeFocused();
  await page.keyboard.press("Backspace");
  await expect(box(2)).toBeFocused();
  await expect(box(2)).toHaveValue("");
  await expect(box(1)).toHaveValue("1");
  await page.keyboard.type("2");
  await expect(box(3)).toBeFocused();

  // As a person copies it from a message: with a space in the middle. A real paste (Ctrl+V),
  // from the clipboard, into the third box.
  const copied = `${code.slice(0, 3)} ${code.slice(3)}`;
  await page.evaluate((text) => navigator.clipboard.writeText(text), copied);
  await page.keyboard.press("ControlOrMeta+V");
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});

test("WebOTP: the code the browser reads from the SMS fills the boxes and goes by itself", async ({
  page,
  browser,
}) => {
  // The browser's WebOTP, stubbed: navigator.credentials.get({ otp }) resolves { code } once the
  // test hands it the code (as Chrome on Android does once the SMS arrives).
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    if (!("OTPCredential" in w)) w.OTPCredential = function OTPCredential() {};
    let deliver: (code: string) => void = () => undefined;
    const arrived = new Promise<string>((resolve) => (deliver = resolve));
    w.deliverOtp = (code: string) => deliver(code);
    w.otpAsked = false;
    const original = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      if (!options || !("otp" in options)) return original(options);
      w.otpAsked = true;
      return arrived.then((code) => ({ code, id: "", type: "otp" }) as unknown as Credential);
    };
  });
  await startVerification(page, "206 555 0146", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { otpAsked: boolean }).otpAsked))
    .toBe(true);
  const code = await readCode(await openPhone(browser, "+12065550146"));
  await page.evaluate(
    (value) => (window as unknown as { deliverOtp: (code: string) => void }).deliverOtp(value),
    code,
  );
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});

test.describe("a budget that refuses an SMS", () => {
  let server: Server;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // One code per number an hour, and no cooldown: the first resend meets the number's budget.
    server = await startServer(Number(process.env.E2E_PORT ?? 3100) + 6, {
      SMS_SENDS_PER_PHONE_PER_HOUR: "1",
      SMS_RESEND_COOLDOWN: "0",
    });
  });
  test.afterAll(() => server?.stop());

  test("says why, and the button counts down to when it may ask again rather than ask in vain", async ({
    page,
  }) => {
    await page.goto(`${server.url}/`);
    await page.getByLabel("Phone number").fill("206 555 0377");
    await page.getByRole("radio", { name: /Code by SMS/ }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
    await page.getByRole("button", { name: "Resend code" }).click();
    // How long, too: "wait" alone leaves a person asking again and again.
    await expect(page.getByTestId("code-notice")).toHaveText(
      /^Too many codes were sent to this number\. Wait before asking for another one\. The limit lifts in about (59|60) minutes\.$/,
    );
    const waiting = page.getByRole("button", { name: /^Resend code in \d+:\d\d$/ });
    await expect(waiting).toBeVisible();
    await expect(waiting).toHaveAttribute("aria-disabled", "true");
    await look(page, "sms-resend-refused");
  });

  test("a switch to SMS the budget refuses says why, and waits as long before it may be pressed again", async ({
    page,
    request,
  }) => {
    // The number's one code this hour went out from elsewhere (another browser).
    const sent = await request.post(`${server.url}/api/verifications`, {
      data: { method: "sms", phone: "+12065550378" },
    });
    expect(sent.status()).toBe(201);
    await page.goto(`${server.url}/`);
    await page.getByLabel("Phone number").fill("206 555 0378");
    await page.getByRole("radio", { name: /Truecaller/ }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
    const truecallerPage = page.url();
    const toSms = page.getByRole("button", { name: "Send me a code by SMS instead" });
    await toSms.click();
    await expect(page.getByText(/^Too many codes were sent to this number\./)).toBeVisible();
    await expect(page.getByText(/The limit lifts in about (59|60) minutes\./)).toBeVisible();
    await expect(toSms).toHaveAttribute("aria-disabled", "true");
    await expect(page).toHaveURL(truecallerPage);
  });
});

test("Verify with digits missing says so and puts the cursor where the next one goes", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0191", /Code by SMS/);
  const code = await readCode(await openPhone(browser, "+12065550191"));
  await enterCode(page, code.slice(0, 3));
  // Enter in a box: the form's Verify, not yet able to check, says why.
  await page.keyboard.press("Enter");
  const notice = page.getByTestId("code-notice");
  await expect(notice).toHaveText("Enter all 6 digits of the code.");
  await expect(announcer(page)).toHaveText("Enter all 6 digits of the code.");
  await expect(page.getByRole("textbox", { name: "Digit 4 of 6" })).toBeFocused();
  // A click on it too; nothing is sent, so no attempt is spent. (Forced: Playwright does not
  // click a button marked aria-disabled; a person's pointer does.)
  await page.getByRole("button", { name: "Verify" }).click({ force: true });
  await expect(notice).toHaveText("Enter all 6 digits of the code.");
  await expect(page.getByRole("textbox", { name: "Digit 4 of 6" })).toBeFocused();
  await look(page, "sms-code-incomplete");
  // The next digit takes the message away; the rest verifies.
  await page.keyboard.type(code.slice(3, 4));
  await expect(notice).toHaveCount(0);
  await page.keyboard.type(code.slice(4));
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});

test("while the code is checked, the last digit is not left selected and focus waits on Verify", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0192", /Code by SMS/);
  const code = await readCode(await openPhone(browser, "+12065550192"));
  // The check takes a moment here (held at the network edge), to look at the boxes meanwhile.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/verifications/*/code", async (route) => {
    await held;
    await route.continue();
  });
  await enterCode(page, code.slice(0, 5));
  await page.keyboard.type(code.slice(5));
  await expect(page.getByRole("button", { name: "Checking…" })).toBeVisible();
  const last = page.getByRole("textbox", { name: "Digit 6 of 6" });
  await expect(last).toHaveValue(code.slice(5));
  expect(
    await last.evaluate((box: HTMLInputElement) => box.selectionEnd! - box.selectionStart!),
  ).toBe(0);
  // The boxes wait, disabled; the keyboard's place is on Verify, busy, not lost to the page.
  await expect(page.getByRole("button", { name: "Checking…" })).toBeFocused();
  release();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});
