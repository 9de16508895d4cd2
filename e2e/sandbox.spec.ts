import { expect } from "@playwright/test";
import { test } from "./fixtures";
import { readCode, startVerification } from "./helpers";
import { look, widths } from "./look";

// The simulated phone as a sandbox visitor uses it: opened from the banner or a method's screen
// on the number in play, the newest thing it received first and in view, and only the numbers
// this browser started in its list (a public demo shows no one else's).

test("the banner and the SMS screen open the phone on the number, its code first and in view", async ({
  page,
  context,
}) => {
  await page.goto("/");
  const banner = page.getByTestId("sandbox-banner-link");
  await expect(banner).toHaveAttribute("href", "/sandbox");
  await page.getByLabel("Phone number").fill("206 555 0610");
  await expect(banner).toHaveAttribute("href", "/sandbox?number=%2B12065550610");

  // Something else reached the number first: a Truecaller prompt, then the code.
  await startVerification(page, "206 555 0610", /Truecaller/);
  await startVerification(page, "206 555 0610", /Code by SMS/);
  await expect(banner).toHaveAttribute("href", "/sandbox?number=%2B12065550610");
  const fromScreen = page.getByRole("main").getByRole("link", { name: /simulated phone/ });
  await expect(fromScreen).toHaveAttribute("href", "/sandbox?number=%2B12065550610");

  const [phone] = await Promise.all([context.waitForEvent("page"), fromScreen.click()]);
  await expect(phone.getByTestId("phone")).toHaveAttribute("data-phone", "+12065550610");
  await readCode(phone);
  await expect(phone.getByTestId("phone-number")).toHaveText("+1 206 555 0610");
  // On the phone's own page, the banner links nowhere: the phone is here.
  await expect(phone.getByTestId("sandbox-banner-link")).toHaveCount(0);
  await expect(phone.getByTestId("sms-message").first()).toContainText("From +1 206 555 0100");
  const sections = phone.getByRole("heading", { level: 2 });
  await expect(sections.first()).toHaveText("Messages");
  await expect(sections.nth(1)).toHaveText("Truecaller");
  for (const size of Object.values(widths)) {
    await phone.setViewportSize(size);
    await expect(phone.getByTestId("sms-code").first()).toBeInViewport({ ratio: 1 });
  }
});

test("the phone lists only the numbers this browser started, and opens on the latest", async ({
  page,
  browser,
}) => {
  // Another visitor of the demo verifies a number of their own.
  const stranger = await (await browser.newContext()).newPage();
  await startVerification(stranger, "206 555 0620", /Code by SMS/);

  await page.goto("/sandbox");
  // The hint belongs to the picker: inside its card.
  await expect(page.locator("section").getByText("Type the phone's number")).toBeVisible();
  await expect(page.getByTestId("recent-numbers")).toHaveCount(0);
  await look(page, "sandbox-empty");

  await startVerification(page, "206 555 0621", /Code by SMS/);
  await startVerification(page, "206 555 0622", /Mobile data check/);
  await page.goto("/sandbox");
  await expect(page.getByTestId("phone")).toHaveAttribute("data-phone", "+12065550622");
  await page.getByRole("button", { name: "Change number" }).click();
  // Written as every other page writes a number, not in E.164.
  await expect(page.getByTestId("recent-numbers").getByRole("button")).toHaveText([
    "+1 206 555 0622",
    "+1 206 555 0621",
  ]);
  await expect(page.getByLabel("Phone number")).toHaveValue("+1 206 555 0622");
  // Only the picker while a number is chosen: none of the old number's sections (the clock,
  // which is no number's, stays).
  await expect(page.getByTestId("phone")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(["Clock"]);
  await look(page, "sandbox-pick");
  await page.getByRole("button", { name: "+1 206 555 0621" }).click();
  await expect(page.getByTestId("phone")).toHaveAttribute("data-phone", "+12065550621");
  await expect(page).toHaveURL(/number=%2B12065550621/);
  await expect(page.getByTestId("phone-number")).toHaveText("+1 206 555 0621");
  // Typed as on the start page: a national number is one of the start page's first country.
  await page.getByRole("button", { name: "Change number" }).click();
  await page.getByLabel("Phone number").fill("206 555 0620");
  await page.getByLabel("Phone number").press("Enter");
  await expect(page.getByTestId("phone")).toHaveAttribute("data-phone", "+12065550620");
});

test("after a Truecaller prompt is answered, focus is on what the answer did", async ({
  page,
  browser,
}) => {
  await startVerification(page, "206 555 0623", /Truecaller/);
  const phone = await (await browser.newContext()).newPage();
  await phone.goto("/sandbox?number=%2B12065550623");
  const prompt = phone.getByTestId("truecaller-prompt");
  await prompt.getByRole("button", { name: "Decline" }).click();
  await expect(prompt).toHaveCount(0);
  const answered = phone.getByTestId("truecaller-answered");
  await expect(answered).toBeFocused();
  // A push (flow A): Truecaller documents no callback for a refusal, and the phone says so.
  await expect(answered).toHaveText(
    "You declined. Truecaller does not tell the app: it waits until the request times out.",
  );
  await look(phone, "sandbox-truecaller-push-declined");
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "You declined in Truecaller" })).toHaveCount(0);
});

test("the phone's connection switch decides what tru.ID's coverage lookup says of this machine", async ({
  page,
  context,
}) => {
  await startVerification(page, "206 555 0624", /Mobile data check/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const coverage = async () => {
    const response = await page.request.get(`/api/phone-check/network?verification=${id}`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { coverage: string }).coverage;
  };
  const phone = await context.newPage();
  try {
    await phone.goto("/sandbox?number=%2B12065550624");
    const connection = phone.getByRole("group", { name: "This phone's connection" });
    // As the address says: 127.0.0.1 is on no mobile network tru.ID knows.
    await expect(connection.getByRole("radio", { name: "By address" })).toBeChecked();
    await expect(connection).toContainText("tru.ID finds 127.0.0.1 on no mobile network");
    expect(await coverage()).toBe("not_mobile");

    await connection.getByText("Wi-Fi", { exact: true }).click();
    await expect(connection.getByRole("radio", { name: "Wi-Fi" })).toBeChecked();
    await expect(connection).toContainText("tru.ID sees 127.0.0.1 on Wi-Fi");
    expect(await coverage()).toBe("not_mobile");

    // By keyboard: the arrow keys move the choice, as in any group of radio buttons.
    await connection.getByRole("radio", { name: "Wi-Fi" }).focus();
    await phone.keyboard.press("ArrowLeft");
    await expect(connection.getByRole("radio", { name: "Mobile data" })).toBeChecked();
    await expect(connection).toContainText("tru.ID sees 127.0.0.1 on mobile data");
    // The keyboard's place is kept once the choice is saved.
    await expect(connection.getByRole("radio", { name: "Mobile data" })).toBeFocused();
    expect(await coverage()).toBe("mobile");
    // The choice is the server's: a reload shows it.
    await phone.reload();
    await expect(connection.getByRole("radio", { name: "Mobile data" })).toBeChecked();
    await look(phone, "sandbox-phonecheck-network");
    // At a phone's width, each choice keeps to one line.
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const label of await connection.locator("label").all()) {
      const lines = await label.evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        // One box per line of its words (the hidden radio's box is a pixel high).
        return [...range.getClientRects()].filter((box) => box.height > 4).length;
      });
      expect(lines, await label.innerText()).toBe(1);
    }

    await connection.getByText("By address", { exact: true }).click();
    await expect(connection.getByRole("radio", { name: "By address" })).toBeChecked();
    expect(await coverage()).toBe("not_mobile");
  } finally {
    // Every other spec expects this machine's address as it is.
    await page.request.post("/api/sandbox/tru-id/simulator/network", {
      data: { network: "default" },
    });
  }
});

test("on a phone's screen, the sections do not jump into their order as each one loads", async ({
  page,
}) => {
  // Something reached the number by every method, the code last: its section goes first.
  await startVerification(page, "206 555 0630", /Truecaller/);
  await startVerification(page, "206 555 0630", /Mobile data check/);
  await startVerification(page, "206 555 0630", /Code by SMS/);
  await page.setViewportSize(widths.mobile);
  await page.goto("/sandbox?number=%2B12065550630");
  await readCode(page);
  await expect(page.getByRole("heading", { level: 2 }).first()).toHaveText("Messages");
  // Every shift the browser counted from the first paint on, none of them caused by input.
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries() as unknown as {
            value: number;
            hadRecentInput: boolean;
          }[];
          resolve(entries.filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0));
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(0), 500);
      }),
  );
  expect(shift).toBeLessThan(0.05);
});

test("a number typed into the address opens the phone: a '+' (a space once decoded) and separators are taken, a national number waits in the field", async ({
  page,
}) => {
  // Typed by hand, not encoded: the "+" reaches the server as a space.
  await page.goto("/sandbox?number=+1 206-555-0773");
  await expect(page.getByTestId("phone")).toHaveAttribute("data-phone", "+12065550773");

  await page.goto("/sandbox?number=2065550774");
  const field = page.getByLabel("Phone number");
  await expect(field).toHaveValue("2065550774");
  await page.getByRole("button", { name: "Use this phone" }).click();
  await expect(page.getByTestId("phone")).toHaveAttribute("data-phone", "+12065550774");
});

test("the phone's clock moves the server's time forward: a code runs out without waiting", async ({
  page,
}) => {
  await startVerification(page, "206 555 0193", /Code by SMS/);
  await expect(page.getByRole("heading", { name: "Enter the code" })).toBeVisible();
  const phone = await page.context().newPage();
  await phone.goto("/sandbox?number=%2B12065550193");
  const ahead = phone.getByTestId("sandbox-clock");
  const before = await ahead.textContent();
  await phone.getByRole("button", { name: "+11 minutes" }).click();
  await expect(ahead).not.toHaveText(before!);
  await expect(ahead).toHaveText(/^The clock is \d+ minutes ahead of real time\.$/);
  await look(phone, "sandbox-clock");
  // The code's 10 minutes are over: its page notices by itself.
  await page.bringToFront();
  await expect(page.getByRole("heading", { name: "The code expired" })).toBeVisible({
    timeout: 15_000,
  });
});
