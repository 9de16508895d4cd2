import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { startVerification } from "./helpers";
import { look } from "./look";

// What a person sees when something is wrong: a verification that is not there for them (a
// 404), a page that failed (app/error.tsx), and a root layout that failed
// (app/global-error.tsx). The failures are the sandbox's, on purpose
// (lib/sandbox/fail-on-purpose.ts). Each card keeps the app's look and has a way home.

const startHeading = { name: "Verify your phone number" };

/** Every failure card looks alike: left-aligned, its heading the size of a state's (text-xl). */
async function expectFailureLook(page: Page, heading: string) {
  const title = page.getByRole("heading", { name: heading, level: 1 });
  await expect(title).toHaveCSS("font-size", "20px");
  await expect(title).toHaveCSS("text-align", "start");
}

test("/verify/<unknown id> answers 404 with the card that says so, and its own title", async ({
  page,
}) => {
  const answer = await page.goto(`/verify/${"x".repeat(24)}`);
  expect(answer?.status()).toBe(404);
  await expect(
    page.getByRole("heading", { name: "We can't find this verification" }),
  ).toBeVisible();
  await expect(page).toHaveTitle("Verification not found – Phone Verify");
  await expectFailureLook(page, "We can't find this verification");
  await look(page, "verify-not-found");
  await page.getByRole("link", { name: "Start a verification" }).click();
  await expect(page.getByRole("heading", startHeading)).toBeVisible();
});

test("another browser's verification is the same 404; its own browser sees the method in the title", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0700", /Code by SMS/);
  await expect(page).toHaveTitle("Code by SMS: verify your number – Phone Verify");
  const other = await (await browser.newContext()).newPage();
  const answer = await other.goto(page.url());
  expect(answer?.status()).toBe(404);
  await expect(
    other.getByRole("heading", { name: "We can't find this verification" }),
  ).toBeVisible();
  await expect(other.getByText("+1 206 555 0700")).toHaveCount(0);
});

test("/session/<unknown id> answers 404 with the card that says so, and its own title", async ({
  page,
}) => {
  const answer = await page.goto(`/session/${"x".repeat(24)}`);
  expect(answer?.status()).toBe(404);
  await expect(
    page.getByRole("heading", { name: "We can't find this verification" }),
  ).toBeVisible();
  await expect(page).toHaveTitle("Verification not found – Phone Verify");
  await look(page, "session-not-found-404");
  await page.getByRole("link", { name: "Start a verification" }).click();
  await expect(page.getByRole("heading", startHeading)).toBeVisible();
});

test("an attempt whose session the app ended says it was closed, and leads back to the app", async ({
  page,
  baseURL,
}) => {
  const created = await page.request.post("/api/sandbox/sessions", {
    data: { phone: "+12065550830", methods: ["sms", "truecaller"] },
    headers: { origin: baseURL! },
  });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string; url: string };
  await page.goto(session.url);
  await page.getByRole("button", { name: /^Code by SMS/ }).click();
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeFocused();

  // The page would go back to the app by itself once the session ends (sessions.spec.ts): held
  // here, so that the words of the attempt it ended can be read.
  await page.route("**/session/*/state", (route) => route.abort());
  // The session ends while its attempt is on screen (as the app's cancel or its expiry would
  // end it): here given up from another tab of the same browser.
  const gaveUp = await page.request.post(`/session/${session.id}/give-up`, {
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
  expect(gaveUp.status()).toBe(303);
  const closed = page.getByRole("heading", { name: "This verification was closed" });
  await expect(closed).toBeFocused();
  await expect(
    page.getByRole("main").locator("p", { hasText: "The app's request for it has ended" }),
  ).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText(/^This verification was closed\./);
  // Nothing more can happen in it: no new code, no other method.
  await expect(page.getByRole("button", { name: /Resend code|new code/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /instead$/ })).toHaveCount(0);
  // Only what applies: back to the app, the one action (nothing left to cancel, no other way).
  const back = page.getByRole("main").getByRole("link", { name: "Go back to 127.0.0.1" });
  await expect(back).toHaveAttribute("href", `/session/${session.id}/return`);
  await expect(back).toHaveClass(/bg-brand-600/);
  await expect(page.getByTestId("give-up")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Choose another way to verify" })).toHaveCount(0);
  await look(page, "session-attempt-closed");
  await back.click();
  await page.waitForURL(/\/sandbox\/app\/return\?/);
});

test("a page that fails shows the error card in the app's layout, with a way home", async ({
  page,
}) => {
  const answer = await page.goto("/sandbox/fail");
  expect(answer?.status()).toBe(500);
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  // The root layout is there: the product's name, the language switch.
  await expect(page.getByRole("link", { name: "Phone Verify" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Language" })).toBeVisible();
  await expectFailureLook(page, "Something went wrong");
  await look(page, "error");
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page.getByRole("heading", startHeading)).toBeVisible();
});

test("a root layout that fails shows the same card in a document of its own, with a way home", async ({
  page,
}) => {
  await page.setExtraHTTPHeaders({ "x-sandbox-fail": "layout" });
  const answer = await page.goto("/");
  expect(answer?.status()).toBe(500);
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(page).toHaveTitle("Something went wrong – Phone Verify");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  // Styled as the app: the brand's colour on the main button, not the browser's grey.
  const home = page.getByRole("link", { name: "Go to the start page" });
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCSS(
    "background-color",
    "rgb(31, 87, 204)",
  );
  await expectFailureLook(page, "Something went wrong");
  await look(page, "global-error");

  // The layout works again: home is the start page.
  await page.setExtraHTTPHeaders({});
  await home.click();
  await expect(page.getByRole("heading", startHeading)).toBeVisible();
});

test("the root layout's error page speaks the browser's language", async ({ browser }) => {
  const context = await browser.newContext({
    locale: "es-ES",
    extraHTTPHeaders: { "x-sandbox-fail": "layout" },
  });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Algo ha fallado" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page).toHaveTitle("Algo ha fallado – Phone Verify");
  await expect(page.getByRole("link", { name: "Ir a la página de inicio" })).toHaveAttribute(
    "href",
    "/",
  );
  await context.close();
});

test("a path whose %-escape does not decode is the client's mistake, never a 500: a 400 for the API, the styled 404 for a page", async ({
  request,
  page: browserPage,
}) => {
  // Next's own answer to these is a bare 500 (proxy.ts).
  const api = await request.get("/api/verifications/%zz");
  expect(api.status()).toBe(400);
  expect(await api.json()).toMatchObject({ error: { code: "bad_request" } });
  const page = await request.get("/verify/%E0%A4%A");
  expect(page.status()).toBe(404);
  const shown = await browserPage.goto("/verify/%E0%A4%A");
  expect(shown?.status()).toBe(404);
  await expect(browserPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  // An escape that decodes is only a path: an unknown verification, as ever.
  expect((await request.get("/verify/%41bc")).status()).toBe(404);
});

test("a query parameter given twice is a link nobody made, not a failure: each page reads it as absent", async ({
  page,
}) => {
  // The phone's landing after a check: as a link it cannot use.
  const done = await page.goto("/phone-check/done?id=a&id=b");
  expect(done?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  // The simulated phone: as opened without a number.
  const phone = await page.goto("/sandbox?number=%2B12065550100&number=%2B12065550101");
  expect(phone?.status()).toBe(200);
  await expect(page.getByLabel("Phone number")).toHaveValue("");
  await expect(page.getByTestId("phone")).toHaveCount(0);
  // The integrating app's return page: as no session of this browser's.
  const back = await page.goto("/sandbox/app/return?session_id=a&session_id=b&token=x&token=y");
  expect(back?.status()).toBe(200);
  await expect(page.getByTestId("no-session")).toBeVisible();
});
