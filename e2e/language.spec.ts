import { expect } from "@playwright/test";
import { test } from "./fixtures";
import { enterCode, openPhone, readCode, startVerification } from "./helpers";
import { look } from "./look";

// A browser that asks for Spanish gets every screen, message and SMS in Spanish; the switch in
// the footer changes the language without losing what was typed.

test.use({ locale: "es-ES" });

test("Spanish from Accept-Language: the pages, the API's words and the SMS", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { name: "Verifica tu número de teléfono" })).toBeVisible();
  await look(page, "es-start");

  await page.getByLabel("Número de teléfono").fill("206 555 0660");
  await page.getByRole("radio", { name: /Código por SMS/ }).check();
  await page.getByRole("button", { name: "Continuar" }).click();
  await expect(page.getByRole("heading", { name: "Escribe el código" })).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText(
    "Hemos enviado un código por SMS al +1 206 555 0660.",
  );

  const phone = await openPhone(browser, "+12065550660");
  const code = await readCode(phone);
  await expect(phone.getByTestId("sms-message").first()).toContainText(
    "Es tu clave de Phone Verify. No la compartas con nadie.",
  );
  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByRole("textbox", { name: "Cifra 1 de 6" }).fill(wrong);
  await expect(page.getByTestId("code-notice")).toHaveText(
    "Ese código no es correcto. Te quedan 2 intentos.",
  );
  await expect(page.locator("main section").getByText(/Te quedan? \d intentos?/)).toHaveCount(1);
  await look(page, "es-sms-wrong-code");
  await page.getByRole("textbox", { name: "Cifra 1 de 6" }).fill(code);
  await expect(page.getByRole("heading", { name: "Número verificado" })).toBeFocused();
  await look(page, "es-verified");
});

test("the switch changes the language in place and remembers it", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Número de teléfono").fill("206 555 0661");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Verify your phone number" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Phone number")).toHaveValue("206 555 0661");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  // Remembered over the browser's Spanish, on the next page too.
  await startVerification(page, "206 555 0661", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await enterCode(page, "12");
  await expect(page.getByRole("textbox", { name: "Digit 2 of 6" })).toHaveValue("2");
});

test("on a verification that has ended, the switch changes the server's words too", async ({
  page,
}) => {
  // Ending in 1008: not a Truecaller user. The verification ends at once, and the page stops
  // polling: only the switch can bring the heading and text the server wrote in English.
  await page.goto("/");
  await page.getByLabel("Número de teléfono").fill("206 555 1008");
  await page.getByRole("radio", { name: /Truecaller/ }).check();
  await page.getByRole("button", { name: "Continuar" }).click();
  await expect(
    page.getByRole("heading", { name: "Este número no está en Truecaller" }),
  ).toBeVisible();
  await expect(page).toHaveTitle("Este número no está en Truecaller – Phone Verify");

  await page.getByRole("button", { name: "English" }).click();
  await expect(
    page.getByRole("heading", { name: "This number is not on Truecaller" }),
  ).toBeVisible();
  const card = page.locator("main section");
  await expect(card).toContainText("There is no Truecaller account for this number");
  await expect(card).not.toContainText("Truecaller no puede");
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await expect(page).toHaveTitle("This number is not on Truecaller – Phone Verify");

  // And back: the words of the language asked for, not the ones seen before in it.
  await page.getByRole("button", { name: "Español" }).click();
  await expect(
    page.getByRole("heading", { name: "Este número no está en Truecaller" }),
  ).toBeVisible();
});

test("Enter on the switch keeps the keyboard's place while the page changes language", async ({
  page,
}) => {
  await page.goto("/");
  // Not dropped to <body> while the page was busy: the next key still acts on the switch.
  const spanish = page.getByRole("button", { name: "Español" });
  await spanish.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Verifica tu número de teléfono" })).toBeVisible();
  await expect(spanish).toBeFocused();
  await expect(spanish).toHaveAttribute("aria-pressed", "true");
});

test("the live region keeps no words of the page left or of the language left", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByLabel("Phone number")).toBeVisible();
  await startVerification(page, "206 555 0662", /Code by SMS/);
  const announcer = page.getByTestId("announcer");
  await expect(announcer).toHaveText("We sent a code by SMS to +1 206 555 0662.");
  // In Spanish now: not the English sentence, left for a screen reader to find.
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.getByRole("heading", { name: "Escribe el código" })).toBeVisible();
  await expect(announcer).not.toHaveText(/We sent/);
  await page.getByRole("button", { name: "English" }).click();
  // Another method's page: nothing about a code sent.
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(announcer).not.toHaveText(/We sent a code/);
});

test("the code form's messages follow the switch: a wrong code's, then a new code's", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByLabel("Phone number")).toBeVisible();
  await startVerification(page, "206 555 0663", /Code by SMS/);
  const code = await readCode(await openPhone(browser, "+12065550663"));
  await enterCode(page, code === "000000" ? "111111" : "000000");
  const notice = page.getByTestId("code-notice");
  await expect(notice).toHaveText("That code is not right. 2 attempts left.");
  // Said in the language chosen now, not in the one the server answered in.
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.getByRole("heading", { name: "Escribe el código" })).toBeVisible();
  await expect(notice).toHaveText("Ese código no es correcto. Te quedan 2 intentos.");

  // SMS_RESEND_COOLDOWN is 2 s in the e2e server.
  await page.getByRole("button", { name: "Reenviar el código" }).click();
  await expect(notice).toHaveText("Te hemos enviado un código nuevo. El anterior ya no sirve.");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await expect(notice).toHaveText("A new code is on its way. The old one no longer works.");
});
