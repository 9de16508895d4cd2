import { expect, test } from "@playwright/test";
import { openPhone, readCode, startVerification } from "./helpers";

// The SMS method as a person lives it: the laptop page and the phone (the simulated phone
// page, in a second browser context).

test("enter a number, read the code on the phone, type it, see the number verified", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0142", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await expect(page.getByText("+1 206 555 0142")).toBeVisible();

  const phone = await openPhone(browser, "+12065550142");
  const code = await readCode(phone);

  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByTestId("verified-phone")).toHaveText("+1 206 555 0142");
});

test("a wrong code says so and shows the attempts left", async ({ page, browser }) => {
  await startVerification(page, "206 555 0143", /Code by SMS/);
  const phone = await openPhone(browser, "+12065550143");
  const code = await readCode(phone);
  const wrong = code === "000000" ? "111111" : "000000";

  await page.getByLabel("Code").fill(wrong);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not right. 2 attempts left.")).toBeVisible();
  await expect(page.getByTestId("attempts-left")).toHaveText("2 attempts left");
});

test("an expired code offers a resend, and the new code works", async ({
  page,
  browser,
  request,
}) => {
  await startVerification(page, "206 555 0144", /Code by SMS/);
  const phone = await openPhone(browser, "+12065550144");
  const first = await readCode(phone);

  // Move the server's clock past the code's 10 minutes instead of waiting.
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 601 } })).ok()).toBe(true);
  await expect(page.getByText("This code has expired. Ask for a new one.")).toBeVisible();

  await page.getByRole("button", { name: "Resend code" }).click();
  await expect(page.getByText("A new code is on its way.")).toBeVisible();
  const second = await readCode(phone, first);

  await page.getByLabel("Code").fill(second);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeVisible();
});

test("a number that cannot receive SMS gets a clear error and a way out", async ({ page }) => {
  await startVerification(page, "206 555 0422", /Code by SMS/);
  await expect(page.getByText(/We could not send the SMS/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend code" })).toBeEnabled();
  await expect(page.getByRole("link", { name: /choose another way/ })).toBeVisible();
});
