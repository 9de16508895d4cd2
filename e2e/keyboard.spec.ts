import { devices, expect, type Locator, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { openPhone, readCode } from "./helpers";

// Every method from the start page to its success with the keyboard alone: Tab, arrows, typing,
// Enter. (The simulated phone is read, not clicked: it stands for another device.)

/** Presses Tab until `target` has focus, as a person would; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 25) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

/** The number by keyboard, then the method: arrows move between the cards, Enter starts. */
async function startByKeyboard(page: Page, national: string, method: RegExp) {
  await page.goto("/");
  await tabTo(page, page.getByLabel("Phone number"));
  await page.keyboard.type(national);
  await page.keyboard.press("Tab");
  const radio = page.getByRole("radio", { name: method });
  for (let presses = 0; presses < 3 && !(await radio.isChecked()); presses += 1) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(radio).toBeChecked();
  await expect(radio).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/verify\//);
}

test("SMS: the country by its search, the number, the code, and on to Continue", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await tabTo(page, page.getByRole("button", { name: /^Country:/ }));
  await page.keyboard.press("Enter");
  await page.keyboard.type("canad");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Country: Canada, +1" })).toBeVisible();
  await expect(page.getByLabel("Phone number")).toBeFocused();
  await page.keyboard.type("604 555 0650");
  await page.keyboard.press("Tab");
  for (let presses = 0; presses < 2; presses += 1) await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: /Code by SMS/ })).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  const code = await readCode(await openPhone(browser, "+16045550650"));
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toBeFocused();
  await page.keyboard.type(code);
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Continue" })).toBeFocused();
});

test("Truecaller: started by keyboard, answered on the phone by keyboard", async ({
  page,
  browser,
}) => {
  await startByKeyboard(page, "206 555 0651", /Truecaller/);
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  const phone = await openPhone(browser, "+12065550651");
  await tabTo(
    phone,
    phone.getByTestId("truecaller-prompt").getByRole("button", { name: "Continue" }),
  );
  await phone.keyboard.press("Enter");
  // The prompt and its button went away: focus goes to what the answer did, not to <body>.
  await expect(phone.getByTestId("truecaller-answered")).toBeFocused();
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeFocused();
});

test("PhoneCheck: on the phone, started and opened by keyboard", async ({ browser }) => {
  const { viewport, userAgent, isMobile, hasTouch } = devices["Pixel 7"];
  const context = await browser.newContext({ viewport, userAgent, isMobile, hasTouch });
  const page = await context.newPage();
  await startByKeyboard(page, "206 555 0652", /Mobile data check/);
  await expect(
    page.getByRole("heading", { name: "Confirm with a mobile data check" }),
  ).toBeFocused();
  await tabTo(page, page.getByRole("link", { name: "Open the mobile data check" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});

test("switching to SMS with its …instead button, then a new code, by keyboard alone", async ({
  page,
  browser,
}) => {
  await startByKeyboard(page, "206 555 0653", /Truecaller/);
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Send me a code by SMS instead" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();
  const phone = await openPhone(browser, "+12065550653");
  const first = await readCode(phone);

  // Past the code's boxes (Tab leaves them) to the resend, once its cooldown is over.
  const resend = page.getByRole("button", { name: "Resend code" });
  await expect(resend).toBeEnabled();
  await tabTo(page, resend);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("code-notice")).toHaveText(
    "A new code is on its way. The old one no longer works.",
  );
  await expect(page.getByRole("textbox", { name: "Digit 1 of 6" })).toBeFocused();
  await page.keyboard.type(await readCode(phone, first));
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});

test("Truecaller on an Android phone: the deep link, by keyboard", async ({ browser }) => {
  const { viewport, userAgent, isMobile, hasTouch } = devices["Pixel 7"];
  const context = await browser.newContext({ viewport, userAgent, isMobile, hasTouch });
  const page = await context.newPage();
  // On Android the start goes straight to the deep link, on this phone.
  await startByKeyboard(page, "206 555 0654", /Truecaller/);
  await expect(page.getByRole("heading", { name: "Continue in Truecaller" })).toBeFocused();
  const open = page.getByRole("button", { name: "Open Truecaller" });
  await tabTo(page, open);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Truecaller is open")).toBeVisible();
  await expect(open).toBeFocused();
  // Truecaller's sheet, on the simulated phone of this number.
  const phone = await openPhone(browser, "+12065550654");
  const prompt = phone.locator('[data-testid="truecaller-prompt"][data-flow="deeplink"]');
  await tabTo(phone, prompt.getByRole("button", { name: "Continue" }));
  await phone.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Welcome, Asha Rao" })).toBeFocused();
});

test("PhoneCheck on the laptop: the QR code, its link copied by keyboard, verified", async ({
  browser,
}) => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await startByKeyboard(page, "206 555 0656", /Mobile data check/);
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  const copy = page.getByRole("button", { name: "Copy the link" });
  await tabTo(page, copy);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await copy.getAttribute("data-link"));
  // The phone (another device) opens it and continues, by keyboard too; the laptop turns
  // verified by itself.
  const phone = await (await browser.newContext({ ...devices["Pixel 7"] })).newPage();
  await phone.goto(link);
  await tabTo(phone, phone.getByRole("button", { name: "Continue" }));
  await phone.keyboard.press("Enter");
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Continue" })).toBeFocused();
});
