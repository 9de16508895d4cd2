import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { openPhone, phoneContext, startThroughApi, startVerification } from "./helpers";
import { look } from "./look";

// The PhoneCheck method as a person lives it: the laptop shows a QR code, the phone (a second
// browser context) opens it over "mobile data" (the tru.ID emulator), the laptop turns verified.

test("the laptop shows three steps and a QR code, the phone opens it, the laptop turns verified", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0170", /Mobile data check/);
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  const qr = page.getByTestId("phonecheck-qr");
  await expect(qr).toHaveAttribute("src", /^data:image\/png;base64,/);
  await expect(page.getByText(/Expires in \d:\d\d/)).toBeVisible();
  await expect(page.getByRole("listitem")).toContainText([
    "On the phone with +1 206 555 0170, turn off Wi-Fi.",
    "Scan this code with the phone's camera.",
    "Your operator confirms the SIM, and this page updates by itself.",
  ]);
  // The one-time link is copied, not printed; nothing says "Waiting" before the phone acts.
  const copy = page.getByRole("button", { name: "Copy the link" });
  const link = await copy.getAttribute("data-link");
  expect(link).toMatch(/\/phone-check\/open\/[\w-]+\.[0-9a-f]{64}$/);
  await expect(page.getByText(link!)).toHaveCount(0);
  await expect(page.getByText(/Waiting/)).toHaveCount(0);
  // As on the other methods' screens: the way back to another number.
  await expect(page.getByRole("link", { name: "Start again with another number" })).toHaveAttribute(
    "href",
    "/",
  );
  await expect(page).toHaveTitle("Mobile data check: verify your number – Phone Verify");
  // The other methods wait apart, labelled and quiet, while the check is the task: no button on
  // the card is as loud as the QR code's own way on.
  const others = page.getByRole("group", { name: "Or verify another way" });
  await expect(others.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await expect(others.getByRole("button", { name: "Use Truecaller instead" })).not.toHaveClass(
    /border/,
  );
  await look(page, "phonecheck-qr");

  // The phone opens the link: a page asks first, naming the site and the number (its last
  // digits only), and opening it changed nothing (a link previewer's fetch takes nothing).
  const phone = await phoneContext(browser);
  await phone.goto(link!);
  const host = new URL(link!).host;
  await expect(
    phone.getByRole("heading", { name: `Verify the +1 number ending in 0170 for ${host}?` }),
  ).toBeVisible();
  await expect(phone.getByText(`Verify +1 ••• ••• 0170 for ${host}?`)).toBeVisible();
  await expect(
    phone.getByText("Continue only if you started this yourself on your computer."),
  ).toBeVisible();
  await expect(phone).toHaveTitle("Confirm the mobile data check – Phone Verify");
  await look(phone, "phonecheck-phone-consent");
  await expect(page.getByText("Your phone opened the check.")).toHaveCount(0);

  // Continue (its form's POST, with the phone's cookies) takes the check, and the phone stops
  // there (the operator's step to come): the laptop says the phone has it, and only now waits.
  const continued = await phone.request.post(link!, { maxRedirects: 0 });
  expect(continued.status()).toBe(303);
  await expect(page.getByText("Your phone opened the check.")).toBeVisible();
  await expect(page.getByRole("main").locator("[data-spinner]")).toBeVisible();
  await look(page, "phonecheck-phone-opened");

  // The phone that said yes is not asked again.
  await phone.goto(link!);
  // The result's heading has the focus, where a screen reader starts reading.
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await expect(phone.getByText("You can go back to your computer.")).toBeVisible();
  await expectNothingToDo(phone);
  // Its title says so too, as the computer's does.
  await expect(phone).toHaveTitle("Number verified – Phone Verify");
  await look(phone, "phonecheck-phone-done");

  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await expect(page.getByTestId("verified-phone")).toHaveText("+1 206 555 0170");
  await expect(page.getByText(/verified as yours, by your mobile operator/)).toBeVisible();
  await look(page, "phonecheck-verified");

  // The link was for that phone only.
  const stranger = await phoneContext(browser);
  await stranger.goto(link!);
  await expect(stranger.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  // The words name the one action here (the computer's is on the computer), and it is primary.
  await expect(
    stranger.getByText(/To verify a number on this phone instead, start here/),
  ).toBeVisible();
  const startHere = stranger.getByRole("link", { name: "Verify a number on this phone" });
  await expect(startHere).toHaveAttribute("href", "/");
  await expect(startHere).toHaveClass(/bg-brand-600/);
  await expect(stranger.getByRole("main").locator(".bg-brand-600")).toHaveCount(1);
  await look(stranger, "phonecheck-phone-unusable");
});

test("an odd last digit ends in no match, with the switch to SMS", async ({ page, browser }) => {
  await startVerification(page, "206 555 0171", /Mobile data check/);
  await expect(page.getByTestId("phonecheck-qr")).toBeVisible();

  const phone = await openPhone(browser, "+12065550171");
  await look(phone, "sandbox-phonecheck");
  await phone.getByRole("link", { name: "Open the mobile data check" }).click();
  // The simulated phone is not the laptop: it is asked first.
  await phone.getByRole("button", { name: "Continue" }).click();
  // The phone says why, and sends the person back to the computer once: the way on is there,
  // so the phone offers no button of its own (it verifies no number of its own).
  await expect(phone.getByRole("heading", { name: "No match for this number" })).toBeFocused();
  await expect(
    phone
      .getByRole("main")
      .getByText(
        "Your mobile operator says this phone does not hold the SIM of +1 206 555 0171. Go back to your computer to check the number or verify another way.",
        { exact: true },
      ),
  ).toBeVisible();
  await expect(phone.getByText(/Go back to your computer/)).toHaveCount(1);
  await expect(phone.getByText(/another way.*another way/)).toHaveCount(0);
  await expectNothingToDo(phone);
  await expect(phone).toHaveTitle("No match for this number – Phone Verify");
  await look(phone, "phonecheck-phone-no-match");

  await expect(page.getByRole("heading", { name: "No match for this number" })).toBeFocused();
  // The paragraph itself (the live region says the same words, out of sight).
  await expect(
    page.getByRole("paragraph").filter({ hasText: /does not hold this number's SIM/ }),
  ).toBeVisible();
  await look(page, "phonecheck-no-match");
  await page.getByRole("button", { name: "Send me a code by SMS instead" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  await expect(page.getByText("+1 206 555 0171", { exact: true })).toBeVisible();
});

/**
 * The phone's result page after a check the computer started: the way on is on the computer, so
 * the card offers nothing to tap (a button to verify a number on this phone would lead the
 * person away from the verification they are doing).
 */
async function expectNothingToDo(phone: Page) {
  const card = phone.getByRole("main");
  await expect(card.getByRole("link")).toHaveCount(0);
  await expect(card.getByRole("button")).toHaveCount(0);
}

test("the phone's result page sends the person back to the computer, once, in each ending and language", async ({
  page,
  browser,
  request,
}) => {
  // The operator fails the check (…99): the phone comes back from it to its result page.
  await startVerification(page, "206 555 0199", /Mobile data check/);
  let link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");
  const failed = await (await browser.newContext({ locale: "es-ES" })).newPage();
  await failed.goto(link!);
  await failed.getByRole("button", { name: "Continuar" }).click();
  await expect(
    failed.getByRole("heading", { name: "La comprobación por datos móviles no funcionó" }),
  ).toBeFocused();
  await expect(
    failed
      .getByRole("main")
      .getByText(
        "El operador móvil no pudo completar la comprobación. Vuelve a tu ordenador para verificarlo de otra forma, o para intentarlo de nuevo.",
        { exact: true },
      ),
  ).toBeVisible();
  await expect(failed.getByText(/Vuelve a tu ordenador/)).toHaveCount(1);
  await expectNothingToDo(failed);
  await look(failed, "es-phonecheck-phone-failed");
  await expect(page.getByRole("heading", { name: /did not work/ })).toBeFocused();

  // The phone took the check, then the time ran out before the operator answered: opened
  // again, the link shows how it ended.
  await startVerification(page, "206 555 0188", /Mobile data check/);
  link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");
  const late = await phoneContext(browser);
  expect((await late.request.post(link!, { maxRedirects: 0 })).status()).toBe(303);
  await expect(page.getByText("Your phone opened the check.")).toBeVisible();
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 121 } })).ok()).toBe(true);
  await expect(page.getByRole("heading", { name: "The check expired" })).toBeFocused();
  await late.goto(link!);
  await expect(late).toHaveURL(/\/phone-check\/done\?id=/);
  await expect(late.getByRole("heading", { name: "The check expired" })).toBeFocused();
  await expect(
    late
      .getByRole("main")
      .getByText(
        "The check expired before this phone finished it. Go back to your computer to verify another way, or to start a new check.",
        { exact: true },
      ),
  ).toBeVisible();
  await expectNothingToDo(late);
  await look(late, "phonecheck-phone-expired");
  // In Spanish, the same ending in the same shape.
  await late.getByRole("button", { name: "Español" }).click();
  await expect(late.getByRole("heading", { name: "La comprobación ha caducado" })).toBeVisible();
  await expect(
    late
      .getByRole("main")
      .getByText(
        "La comprobación caducó antes de que este teléfono la terminara. Vuelve a tu ordenador para verificarlo de otra forma, o para iniciar una comprobación nueva.",
        { exact: true },
      ),
  ).toBeVisible();
  await expectNothingToDo(late);
});

test("on a computer, the check opened here speaks of this computer's SIM, not of a phone's", async ({
  page,
}) => {
  await startVerification(page, "206 555 0189", /Mobile data check/);
  await expect(page.getByTestId("phonecheck-qr")).toBeVisible();
  await expect(page.getByRole("button", { name: "Open it on this device instead" })).toHaveCount(0);
  await page.getByRole("button", { name: "Open it on this computer instead" }).click();
  await expect(
    page.getByRole("heading", { name: "Confirm with a mobile data check" }),
  ).toBeVisible();
  await expect(
    page.getByText(
      "Your operator confirms that this device holds the SIM of +1 206 555 0189. If that SIM is in your phone, show the QR code instead.",
      { exact: true },
    ),
  ).toBeVisible();
  await expect(page.getByRole("main").getByText(/this phone/)).toHaveCount(0);
  await look(page, "phonecheck-computer-here");
  // The same in Spanish (the screen a reviewer found speaking of "este teléfono" on a laptop).
  await page.getByRole("button", { name: "Español" }).click();
  await expect(
    page.getByText(
      "Tu operador confirma que este dispositivo tiene la SIM del +1 206 555 0189. Si esa SIM está en tu teléfono, muestra el código QR.",
      { exact: true },
    ),
  ).toBeVisible();
  await expect(page.getByRole("main").getByText(/este teléfono/)).toHaveCount(0);
  await page.getByRole("button", { name: "Mostrar un código QR" }).click();
  await expect(page.getByRole("button", { name: "Abrirla en este ordenador" })).toBeVisible();
  await expect(page.getByTestId("phonecheck-qr")).toBeVisible();
});

test("the phone opens the check after the person switched to Truecaller: the page they are on turns verified", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0186", /Mobile data check/);
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeFocused();
  const link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");
  await page.getByRole("button", { name: "Use Truecaller instead" }).click();
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeFocused();

  // The phone opens the link it had from before: the number is verified by the check, and the
  // Truecaller page, still waiting, says so rather than wait on.
  const phone = await phoneContext(browser);
  await phone.goto(link!);
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
  await expect(page.getByText(/verified as yours, by your mobile operator/)).toBeVisible();
});

test("a check refused at its start for a phone off mobile data does not say the phone opened it", async ({
  browser,
}) => {
  // …7412: tru.ID refuses the check at once (412, not a mobile IP): nothing was opened yet.
  const phone = await phoneContext(browser);
  await startVerification(phone, "206 555 7412", /Mobile data check/);
  await expect(phone.getByRole("heading", { name: "The check needs mobile data" })).toBeFocused();
  await expect(
    phone.getByText(/^The phone was on Wi-Fi or another network than its operator's\./),
  ).toBeVisible();
  await expect(phone.locator("main")).not.toContainText("opened it");
});

test("on the phone itself: turn off Wi-Fi, open the check, see the result", async ({ browser }) => {
  const phone = await phoneContext(browser);
  // The note shows while the coverage lookup is on its way too: only after its answer does it
  // say that this address is not on a mobile network.
  const coverage = phone.waitForResponse((response) =>
    response.url().includes("/api/phone-check/network"),
  );
  await startVerification(phone, "206 555 0172", /Mobile data check/);
  await expect(
    phone.getByRole("heading", { name: "Confirm with a mobile data check" }),
  ).toBeVisible();
  const answered = await coverage;
  expect(answered.status()).toBe(200);
  expect((await answered.json()).coverage).not.toBe("mobile");
  await expect(phone.getByText(/turn off Wi-Fi first/)).toBeVisible();
  // On a phone, the phone's own words, and the switch to a QR code for another phone.
  await expect(
    phone.getByText(
      "Your operator confirms that this phone holds the SIM of +1 206 555 0172. No code to type.",
    ),
  ).toBeVisible();
  await expect(phone.getByRole("button", { name: "Show a QR code instead" })).toBeVisible();
  await expect(phone.getByTestId("phonecheck-qr")).toHaveCount(0);
  await expect(phone.getByRole("link", { name: "Start again with another number" })).toBeVisible();
  // As on every method's screen: the simulated phone, on this number.
  await expect(
    phone.getByRole("main").getByRole("link", { name: /simulated phone/ }),
  ).toHaveAttribute("href", "/sandbox?number=%2B12065550172");
  // The time limit where the code's and the prompt's are: at the start of its line, above the
  // action (not centred under it).
  const limit = (await phone.getByText(/^Expires in \d+:\d\d$/).boundingBox())!;
  const open = (await phone
    .getByRole("link", { name: "Open the mobile data check" })
    .boundingBox())!;
  expect(Math.abs(limit.x - open.x)).toBeLessThanOrEqual(1);
  expect(limit.y + limit.height).toBeLessThanOrEqual(open.y);
  await look(phone, "phonecheck-on-phone");
  await phone.getByRole("link", { name: "Open the mobile data check" }).click();
  await expect(phone).toHaveURL(/\/verify\//);
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeVisible();
});

test("a check left unopened expires, with a new check first, or SMS, offered", async ({
  page,
  request,
}) => {
  await startVerification(page, "206 555 0174", /Mobile data check/);
  await expect(page.getByTestId("phonecheck-qr")).toBeVisible();
  // Move the server's clock past the check's 120 s instead of waiting.
  expect((await request.post("/api/sandbox/clock", { data: { seconds: 121 } })).ok()).toBe(true);
  await expect(page.getByRole("heading", { name: "The check expired" })).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText(/The check expired/);
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  // Time ran out before the phone opened it: a new check is the way on, first and primary;
  // the other methods follow.
  const ways = page.getByRole("main").getByRole("button");
  await expect(ways.first()).toHaveText("Try the check again");
  await expect(ways.first()).toHaveClass(/bg-brand-600/);
  await expect(page.getByRole("main").locator("button.bg-brand-600")).toHaveCount(1);
  await look(page, "phonecheck-expired");

  const expiredUrl = page.url();
  await page.getByRole("button", { name: "Try the check again" }).click();
  await expect(page).not.toHaveURL(expiredUrl);
  await expect(page.getByTestId("phonecheck-qr")).toBeVisible();
});

test("Copy the link puts it on the clipboard, or shows it to copy by hand where there is none", async ({
  browser,
}) => {
  // A clipboard the page may write to.
  const withClipboard = await browser.newContext();
  await withClipboard.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await withClipboard.newPage();
  await startVerification(page, "206 555 0176", /Mobile data check/);
  const copy = page.getByRole("button", { name: "Copy the link" });
  const link = await copy.getAttribute("data-link");
  await copy.click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await withClipboard.close();

  // No clipboard at all, as on an http origin other than localhost: the link to copy by hand.
  const without = await browser.newContext();
  const failures: string[] = [];
  const bare = await without.newPage();
  bare.on("pageerror", (error) => failures.push(error.message));
  await bare.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
  });
  await startVerification(bare, "206 555 0178", /Mobile data check/);
  expect(await bare.evaluate(() => navigator.clipboard)).toBeUndefined();
  const bareCopy = bare.getByRole("button", { name: "Copy the link" });
  const bareLink = await bareCopy.getAttribute("data-link");
  await bareCopy.click();
  const manual = bare.getByRole("textbox", { name: "Link to open on the phone" });
  await expect(manual).toHaveValue(bareLink!);
  await expect(manual).toBeFocused();
  await look(bare, "phonecheck-copy-by-hand");
  expect(failures).toEqual([]);
  await without.close();
});

test("tru.ID busy (…7429): the ending says when to try again, and a new check is offered", async ({
  page,
}) => {
  await startVerification(page, "206 555 7429", /Mobile data check/);
  await expect(
    page.getByRole("heading", { name: "The mobile data check did not work" }),
  ).toBeFocused();
  await expect(page.getByTestId("ended-phone")).toHaveText("+1 206 555 7429");
  // The new check waits for tru.ID's 30 seconds, counting down on its own button.
  const again = page.getByRole("button", {
    name: /^Try the check again in 0:[0-3]\d$/,
  });
  await expect(again).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByText(/You can try again in/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toBeVisible();
  await look(page, "phonecheck-try-again-later");
});

test("the simulated phone names a check's state in the page's language", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0179", /Mobile data check/);
  const phone = await openPhone(browser, "+12065550179");
  await expect(phone.getByTestId("phonecheck-check")).toContainText("Waiting to be opened");
  await phone.getByRole("button", { name: "Español" }).click();
  await expect(phone.getByTestId("phonecheck-check")).toContainText("Esperando a que se abra");
  await look(phone, "es-sandbox-phonecheck");
});

test("a link the person did not ask for: in their language, and 'This wasn't me' takes nothing", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0186", /Mobile data check/);
  const link = await page.getByRole("button", { name: "Copy the link" }).getAttribute("data-link");
  const host = new URL(link!).host;

  // Someone else's phone, in Spanish.
  const stranger = await (await browser.newContext({ locale: "es-ES" })).newPage();
  await stranger.goto(link!);
  await expect(
    stranger.getByRole("heading", {
      name: `¿Verificar el número +1 que termina en 0186 para ${host}?`,
    }),
  ).toBeVisible();
  await expect(
    stranger.getByText("Continúa solo si lo empezaste tú en tu ordenador."),
  ).toBeVisible();
  await look(stranger, "es-phonecheck-phone-consent");
  // The page's own language links, as every page has a switch: English, then back.
  await stranger.getByRole("link", { name: "English" }).click();
  await expect(stranger.getByRole("button", { name: "Continue" })).toBeVisible();
  await stranger.getByRole("link", { name: "Español" }).click();
  await expect(stranger.getByRole("link", { name: "Español" })).toHaveAttribute(
    "aria-current",
    "true",
  );
  await stranger.getByRole("link", { name: "No he sido yo" }).click();
  await expect(stranger.getByRole("heading", { name: "No se ha comprobado nada" })).toBeVisible();
  await look(stranger, "es-phonecheck-phone-declined");

  // Nothing was taken: the laptop still waits for a phone, and the person's phone can continue.
  await expect(page.getByTestId("phonecheck-qr")).toBeVisible();
  await expect(page.getByText("Your phone opened the check.")).toHaveCount(0);
  const phone = await phoneContext(browser);
  await phone.goto(link!);
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByRole("heading", { name: "Number verified" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Number verified" })).toBeFocused();
});

test("a number SMS cannot reach is offered no switch to SMS, only the methods that can", async ({
  page,
}) => {
  // A UK number: codes by SMS go only to +1 numbers.
  await startThroughApi(page, "phonecheck", "+447911123470");
  await expect(page.getByRole("heading", { name: "Scan with your phone" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use Truecaller instead" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send me a code by SMS instead" })).toHaveCount(0);
});
