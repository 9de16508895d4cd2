import { expect } from "@playwright/test";
import { test } from "./fixtures";
import { phoneContext } from "./helpers";
import { look, widths } from "./look";

// The start page's details: the country picker, a number that never breaks, a hint that does
// not move the page, the icons, and the 404.

test("the country picker searches, shows flag, name and dial code whole, and sets the country", async ({
  page,
}) => {
  await page.goto("/");
  const picker = page.getByRole("button", { name: "Country: United States, +1" });
  await picker.click();
  const search = page.getByRole("combobox", { name: "Search countries" });
  await expect(search).toBeFocused();
  await search.fill("united k");
  const option = page.getByRole("option", { name: /United Kingdom/ });
  await expect(option).toContainText("+44");
  // A drawn flag, not two letters: the SVG is there and has loaded.
  const flag = option.locator("img");
  await expect(flag).toHaveAttribute("src", "/flags/GB.svg");
  await expect
    .poll(() => flag.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  // Nothing cut short: the name and the dial code each fit on their line.
  for (const part of await option.locator("span").all()) {
    expect(await part.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  }
  await look(page, "start-country-picker");
  await search.press("Enter");
  await expect(page.getByRole("button", { name: "Country: United Kingdom, +44" })).toBeVisible();
  await expect(page.getByLabel("Phone number")).toBeFocused();
  await page.keyboard.type("07400 123456");
  await expect(page.getByTestId("phone-hint")).toHaveText("We will verify +44 7400 123456.");

  // By dial code, and Escape leaves the country as it was.
  await page.getByRole("button", { name: /^Country:/ }).click();
  await page.getByRole("combobox", { name: "Search countries" }).fill("+49");
  await expect(page.getByRole("option").first()).toContainText("Germany");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Country: United Kingdom, +44" })).toBeFocused();

  // A country the picker took from a pasted prefix goes back once the prefix is gone: the
  // national number typed next is read in the country chosen before.
  await page.getByRole("button", { name: /^Country:/ }).click();
  await page.getByRole("combobox", { name: "Search countries" }).fill("united states");
  await page.keyboard.press("Enter");
  const field = page.getByLabel("Phone number");
  await field.fill("+44 20 7946 0958");
  await expect(page.getByRole("button", { name: "Country: United Kingdom, +44" })).toBeVisible();
  await field.fill("");
  await field.pressSequentially("(206) 555-0860");
  await expect(page.getByRole("button", { name: "Country: United States, +1" })).toBeVisible();
  await expect(page.getByTestId("phone-hint")).toHaveText("We will verify +1 206 555 0860.");

  // By the names people use: "uk" is the United Kingdom first (then Ukraine), "usa" the US.
  await page.getByRole("button", { name: /^Country:/ }).click();
  const search2 = page.getByRole("combobox", { name: "Search countries" });
  await search2.fill("uk");
  await expect(page.getByRole("option").first()).toContainText("United Kingdom");
  await expect(page.getByRole("option").nth(1)).toContainText("Ukraine");
  await search2.fill("usa");
  await expect(page.getByRole("option").first()).toContainText("United States");
  await search2.fill("england");
  await expect(page.getByRole("option")).toHaveCount(1);
  await expect(page.getByRole("option").first()).toContainText("United Kingdom");
  await page.keyboard.press("Escape");
});

test("the country button closes the list it opened; a click elsewhere closes it too", async ({
  page,
}) => {
  await page.goto("/");
  const picker = page.getByTestId("country-picker");
  const list = page.getByRole("listbox", { name: "Country" });
  await picker.click();
  await expect(list).toBeVisible();
  await picker.click();
  await expect(list).toHaveCount(0);
  await expect(picker).toHaveAttribute("aria-expanded", "false");
  await picker.click();
  await expect(list).toBeVisible();
  await page.getByRole("heading", { name: "Verify your phone number" }).click();
  await expect(list).toHaveCount(0);
});

test("typing a number moves nothing below it, and the number never breaks across lines", async ({
  page,
}) => {
  await page.setViewportSize(widths.mobile);
  await page.goto("/");
  const field = page.getByLabel("Phone number");
  const below = page.getByText("How do you want to verify it?");
  const hint = page.getByTestId("phone-hint");
  const top = async () => (await below.boundingBox())!.y;
  const before = await top();
  const invalid = "This is not a valid phone number. Check the digits and the country.";
  // Each step measured once its hint says what the (lazily loaded) parser made of it: before,
  // the hint is still the line it starts with, and nothing would have moved yet.
  for (const [step, said] of [
    ["2", invalid],
    ["206 555", invalid],
    ["206 555 0610", "We will verify +1 206 555 0610."],
    ["206 555 06101", invalid],
    ["+44 12", invalid],
  ] as const) {
    await field.fill(step);
    await field.blur();
    await expect(hint, `after typing "${step}"`).toHaveText(said);
    expect(await top(), `after typing "${step}"`).toBe(before);
  }
  await field.fill("206 555");
  await field.blur();
  await expect(page.getByTestId("phone-hint")).toHaveText(
    "This is not a valid phone number. Check the digits and the country.",
  );
  await look(page, "start-invalid-number");
  await field.fill("206 555 0610");
  const number = page.getByTestId("phone-hint").locator("[data-phone-number]");
  await expect(number).toHaveText("+1 206 555 0610");
  const lines = await number.evaluate((element) => element.getClientRects().length);
  expect(lines).toBe(1);
});

test("every page has its icons and the product mark; no request fails", async ({
  page,
  baseURL,
}) => {
  const failed: string[] = [];
  page.on("response", (response) => {
    // The 404 page's own document answers 404 by design; nothing else may fail.
    if (response.status() >= 400 && !response.url().endsWith("/no-such-page")) {
      failed.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Chromium reports the 404 page's own status as a console error too.
    const own404 =
      message.location().url.endsWith("/no-such-page") && /status of 404/.test(message.text());
    if (!own404) failed.push(message.text());
  });
  // A verification's page and a session's, made as a person's browser and an app's server would.
  const started = await page.request.post("/api/verifications", {
    data: { method: "phonecheck", phone: "+12065550690" },
  });
  expect(started.status(), await started.text()).toBe(201);
  const { verification } = (await started.json()) as { verification: { id: string } };
  const created = await page.request.post("/api/sandbox/sessions", {
    data: { methods: ["sms"] },
    headers: { origin: baseURL! },
  });
  expect(created.status(), await created.text()).toBe(201);
  const session = (await created.json()) as { id: string; url: string };

  for (const [path, status, landed] of [
    ["/", 200, /\/$/],
    [`/verify/${verification.id}`, 200, new RegExp(`/verify/${verification.id}$`)],
    // The session's url, which binds it to this browser and goes on to its page.
    [new URL(session.url).pathname, 200, new RegExp(`/session/${session.id}$`)],
    ["/sandbox", 200, /\/sandbox$/],
    ["/no-such-page", 404, /\/no-such-page$/],
  ] as const) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(status);
    await expect(page).toHaveURL(landed);
    // The mark, a link home but on a session's page (a way out of the app's flow there).
    await expect(page.getByTestId("home-mark").getByText("Phone Verify"), path).toBeVisible();
    for (const [rel, type] of [
      ["icon", "image/x-icon"],
      ["apple-touch-icon", "image/png"],
      ["manifest", "application/manifest+json"],
    ] as const) {
      const href = await page.locator(`link[rel="${rel}"]`).first().getAttribute("href");
      const icon = await page.request.get(href!);
      expect(icon.status(), `${path}: ${rel}`).toBe(200);
      expect(icon.headers()["content-type"], `${path}: ${rel}`).toContain(type);
    }
  }
  const svg = await page.request.get("/icon.svg");
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  expect(failed).toEqual([]);
});

test("an unknown page is a styled 404 with a way home", async ({ page }) => {
  const answer = await page.goto("/no-such-page");
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await look(page, "not-found");
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page.getByRole("heading", { name: "Verify your phone number" })).toBeVisible();
});

test("with reduced motion asked for, nothing spins", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/");
  await page.getByLabel("Phone number").fill("206 555 0630");
  await page.getByRole("radio", { name: /Truecaller/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  const spinner = page.getByRole("main").locator("[data-spinner]");
  await expect(spinner).toBeVisible();
  expect(await spinner.evaluate((element) => getComputedStyle(element).animationName)).toBe("none");
  await page.emulateMedia({ reducedMotion: "no-preference" });
  expect(await spinner.evaluate((element) => getComputedStyle(element).animationName)).not.toBe(
    "none",
  );
});

test("Continue with a number that is wrong puts the cursor back in it and says why", async ({
  page,
}) => {
  await page.goto("/");
  const field = page.getByLabel("Phone number");
  const announcer = page.getByTestId("announcer");
  const submit = page.getByRole("button", { name: "Continue" });
  // The hint under the field is no live region, and it is far from the button pressed.
  await submit.click();
  await expect(field).toBeFocused();
  await expect(announcer).toHaveText("Enter a phone number.");
  await field.fill("206 555");
  await submit.focus();
  await page.keyboard.press("Enter");
  await expect(field).toBeFocused();
  await expect(announcer).toHaveText(
    "This is not a valid phone number. Check the digits and the country.",
  );
  await expect(page).not.toHaveURL(/\/verify\//);
});

test("the highlighted country is the selected option, as the arrows move it", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Country: United States, +1" }).click();
  const search = page.getByRole("combobox", { name: "Search countries" });
  const selected = page.getByRole("option", { selected: true });
  const active = async () =>
    page.locator(`[id="${await search.getAttribute("aria-activedescendant")}"]`);
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText("United States");
  await search.press("ArrowDown");
  await expect(await active()).not.toContainText("United States");
  await expect(await active()).toHaveAttribute("aria-selected", "true");
  await expect(selected).toHaveCount(1);
  await expect(page.getByRole("option", { name: /United States/ })).toHaveAttribute(
    "aria-selected",
    "false",
  );
  await search.fill("germ");
  await expect(selected).toHaveText(/Germany/);
  await expect(await active()).toHaveAttribute("aria-selected", "true");
  await look(page, "start-country-highlighted");
});

test("a number SMS cannot reach closes its card as soon as it is typed; a refusal only the server knows closes it on Continue", async ({
  page,
}) => {
  await page.goto("/");
  const sms = page.getByRole("radio", { name: /Code by SMS/ });
  await sms.check();
  await page.getByLabel("Phone number").fill("+44 7400 123456");
  // Known from the number's country alone: closed at once, the choice moved on, no request.
  await expect(page.getByTestId("method-refused")).toHaveText(
    "Codes by SMS do not go to numbers of United Kingdom here.",
  );
  await expect(sms).toBeDisabled();
  await expect(page.getByRole("radio", { name: /Truecaller/ })).toBeChecked();
  await expect(page.getByLabel("Phone number")).toBeFocused();
  // The picker follows the number's own prefix.
  await expect(page.getByRole("button", { name: "Country: United Kingdom, +44" })).toBeVisible();
  await look(page, "start-sms-outside-plus-one");
  // Another number opens the card again.
  await page.getByLabel("Phone number").fill("+1 206 555 0142");
  await expect(sms).toBeEnabled();
  await expect(page.getByTestId("method-refused")).toHaveCount(0);

  // A toll-free number: only the server's full metadata tells its type. Refused on Continue,
  // before any send: the card says why, the choice moves on, Continue (still focused) starts
  // that one. One primary action, no second notice.
  const refusal =
    "This is a toll-free number, which cannot receive verification codes by SMS. Use a mobile number, or verify another way.";
  await page.getByLabel("Phone number").fill("+1 800 555 0123");
  await sms.check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("method-refused")).toHaveText(refusal);
  await expect(sms).toBeDisabled();
  await expect(page.getByRole("radio", { name: /Truecaller/ })).toBeChecked();
  await expect(page.getByRole("button", { name: "Continue" })).toBeFocused();
  // Heard with the method Continue now starts, which only the cards show.
  await expect(page.getByTestId("announcer")).toHaveText(
    `${refusal} Truecaller is chosen instead.`,
  );
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  await expect(page).not.toHaveURL(/\/verify\//);
  const inbox = await page.request.get("/api/sandbox/phone/messages?number=%2B18005550123");
  expect((await inbox.json()).messages).toEqual([]);
  // Typed back after another number, the card closes again without taking the cursor.
  await page.getByLabel("Phone number").fill("+1 206 555 0142");
  await expect(sms).toBeEnabled();
  await page.getByLabel("Phone number").fill("+1 800 555 0123");
  await expect(sms).toBeDisabled();
  await expect(page.getByLabel("Phone number")).toBeFocused();

  await page.getByRole("radio", { name: /Mobile data check/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/verify\//);
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
});

test("on a phone, a refused method's reason and Continue, focused, stay in view", async ({
  browser,
}) => {
  const page = await phoneContext(browser, "Pixel 7", { viewport: widths.mobile });
  await page.goto("/");
  // A toll-free number: refused by the server, on Continue.
  await page.getByLabel("Phone number").fill("+1 800 555 0124");
  await page.getByRole("radio", { name: /Code by SMS/ }).check();
  // Tapped at the bottom of the screen, as after scrolling down the form.
  const submit = page.getByRole("button", { name: "Continue" });
  await submit.evaluate((element) => element.scrollIntoView({ block: "end" }));
  await submit.tap();
  // The reason, added to the SMS card, pushes Continue down: it is brought back into view.
  await expect(page.getByTestId("method-refused")).toBeInViewport({ ratio: 1 });
  await expect(submit).toBeFocused();
  await expect(submit).toBeInViewport({ ratio: 1 });
});

test("'Start again with another number' brings the number and method back: a digit corrected or a new number typed over it", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByLabel("Phone number").fill("206 555 0149");
  await page.getByRole("radio", { name: /Code by SMS/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await page.getByRole("link", { name: "Start again with another number" }).click();
  const field = page.getByLabel("Phone number");
  await expect(field).toHaveValue("+1 206 555 0149");
  await expect(field).toBeFocused();
  // And the method it was tried with: Continue tries it again, not the page's first method.
  await expect(page.getByRole("radio", { name: /Code by SMS/ })).toBeChecked();
  // Not in the address: it would stay in the history and in logs.
  await expect(page).toHaveURL(/\/$/);
  // All of it selected: what is typed replaces it.
  await page.keyboard.type("4255550149");
  await expect(field).toHaveValue("4255550149");
  await expect(page.getByText("+1 425 555 0149")).toBeVisible();
  // Handed over once: a reload starts empty.
  await page.reload();
  await expect(page.getByLabel("Phone number")).toHaveValue("");
});

test("Back from a verification's page keeps the number and method; the same again goes back to that verification, not to a refusal", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByLabel("Phone number").fill("206 555 0153");
  await page.getByRole("radio", { name: /Truecaller/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  const waiting = page.url();

  await page.goBack();
  await expect(page.getByLabel("Phone number")).toHaveValue("+1 206 555 0153");
  await expect(page.getByRole("radio", { name: /Truecaller/ })).toBeChecked();
  // The same number by the same method: its prompt is still on the phone. A second one would
  // be refused as too soon; the page goes back to the one waiting.
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(waiting);
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();

  // "Start again", the number kept: the same.
  await page.getByRole("link", { name: "Start again with another number" }).click();
  await expect(page.getByLabel("Phone number")).toHaveValue("+1 206 555 0153");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(waiting);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
});
