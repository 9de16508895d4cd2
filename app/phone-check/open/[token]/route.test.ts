import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sessionsClient } from "@/lib/client/sessions-client";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { follow, LANDING, poll, startCheck, tapContinue } from "@/lib/testing/phonecheck";

// The QR code's link (docs/security.md#phonecheck, "Desktop → phone handoff"). Its GET binds
// nothing: a phone that did not start the check gets a page that says which site asks and for
// which number, and only its Continue (a same-origin POST) binds the phone and opens the check.
// So a link sent to someone else's phone proves nothing without their yes, and a link
// previewer's fetch leaves the link to the phone. The phone's binding cookie must then outlast
// the check, whenever the phone got it.

const SECRET = "shop-secret-0123456789abcdefghij";
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ API_KEYS: `shop:${SECRET}`, API_KEY_ORIGINS: "https://shop.example" });
});
afterAll(() => app.close());

function bindingCookies(response: Response): string[] {
  return response.headers.getSetCookie().filter((cookie) => cookie.startsWith("pv_binding="));
}

const path = (link: string) => new URL(link).pathname;

/** A page's words, without its markup. */
const words = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the link's page", () => {
  test("a phone that did not start the check gets a page naming the site and the number; nothing is bound", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, "+447900123460");
    const phone = new TestBrowser(app.url);
    const page = await phone.fetch(path(started.phonecheck.openUrl!));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    // No referrer leaves for another site; a same-origin one keeps the form's Origin header.
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(bindingCookies(page)).toEqual([]);
    const html = await page.text();
    const host = new URL(app.url).host;
    // The number, masked but for its last digits; never whole.
    expect(words(html)).toContain(`Verify +44 •••• ••3460 for ${host}?`);
    // Read aloud, the dots become words.
    expect(html).toContain(`Verify the +44 number ending in 3460 for ${host}?`);
    expect(html).not.toContain("123460");
    expect(html).toContain("Continue only if you started this yourself on your computer.");
    expect(html).toMatch(/<form method="post" action="\/phone-check\/open\/[\w.-]+">/);
    expect(html).toContain(">Continue</button>");
    expect(html).toContain("This wasn&#39;t me");
    // No script: nothing is sent without the person's tap.
    expect(html).not.toContain("<script");
    // The laptop sees no phone yet, and tru.ID's check was never opened.
    expect((await poll(laptop, started.id)).phonecheck.phoneOpened).toBe(false);
  });

  test("in the person's language", async () => {
    const started = await startCheck(new TestBrowser(app.url), "+447900123462");
    const phone = new TestBrowser(app.url);
    const page = await phone.fetch(path(started.phonecheck.openUrl!), {
      headers: { "accept-language": "es-ES,es;q=0.9" },
    });
    const html = await page.text();
    expect(html).toContain('<html lang="es">');
    expect(words(html)).toContain(`¿Verificar el +44 •••• ••3462 para ${new URL(app.url).host}?`);
    expect(html).toContain(">Continuar</button>");
  });

  test("links to itself in each language; one chosen is kept for the app's next pages", async () => {
    const started = await startCheck(new TestBrowser(app.url), "+447900123463");
    const phone = new TestBrowser(app.url);
    const link = path(started.phonecheck.openUrl!);
    const english = await (await phone.fetch(link)).text();
    expect(english).toContain('<nav aria-label="Language">');
    expect(english).toContain(
      '<a href="?lang=en" lang="en" hreflang="en" aria-current="true">English</a>',
    );
    expect(english).toContain('<a href="?lang=es" lang="es" hreflang="es">Español</a>');
    const chosen = await phone.fetch(`${link}?lang=es`);
    expect(chosen.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^pv_locale=es;/));
    const spanish = await chosen.text();
    expect(spanish).toContain('<html lang="es">');
    expect(spanish).toContain(">Continuar</button>");
    expect(spanish).toContain('<a href="?lang=es" lang="es" hreflang="es" aria-current="true">');
    // Still only a question: choosing a language binds nothing.
    expect(bindingCookies(chosen)).toEqual([]);
    // A language the app does not speak is no choice: the browser's own, no cookie.
    const unknown = await phone.fetch(`${link}?lang=xx`, { headers: { "accept-language": "en" } });
    expect(unknown.headers.getSetCookie().filter((c) => c.startsWith("pv_locale="))).toEqual([]);
    expect(await unknown.text()).toContain('<html lang="es">'); // the cookie chosen above
  });

  test("a phone tru.ID finds on no mobile network is told to turn off Wi-Fi before Continue", async () => {
    const setNetwork = async (network: "mobile" | "default") => {
      const set = await fetch(`${app.url}/api/sandbox/tru-id/simulator/network`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ network }),
      });
      expect(set.status).toBe(200);
    };
    const note =
      '<p class="note">This phone seems to be on Wi-Fi, where the check cannot run: turn off Wi-Fi first, then tap Continue.</p>';
    // This test's address, 127.0.0.1, is on no operator's network (tru.ID: "No Reach").
    const first = await startCheck(new TestBrowser(app.url), "+447900123465");
    const onWifi = await (
      await new TestBrowser(app.url).fetch(path(first.phonecheck.openUrl!))
    ).text();
    expect(onWifi).toContain(note);
    // On mobile data, nothing to say.
    await setNetwork("mobile");
    try {
      const second = await startCheck(new TestBrowser(app.url), "+447900123466");
      const page = await new TestBrowser(app.url).fetch(path(second.phonecheck.openUrl!));
      const onMobile = await page.text();
      expect(onMobile).toContain("Continue only if you started this yourself");
      expect(onMobile).not.toContain('class="note"');
    } finally {
      await setNetwork("default");
    }
  });

  test("in the sandbox, says so as every page does, without a link: this is the phone", async () => {
    const started = await startCheck(new TestBrowser(app.url), "+447900123464");
    const html = await (
      await new TestBrowser(app.url).fetch(path(started.phonecheck.openUrl!))
    ).text();
    expect(html).toContain(
      '<p class="sandbox">Sandbox: no real SMS, Truecaller prompt or mobile data check happens here.</p>',
    );
    expect(html).not.toContain('href="/sandbox');
  });

  test("the browser that started the check skips the page: it goes straight to the check", async () => {
    const handset = new TestBrowser(app.url);
    const started = await startCheck(handset, "+12065557204");
    const opened = await handset.fetch(path(started.phonecheck.openUrl!));
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toMatch(/\/api\/sandbox\/tru-id\/phone_check\//);
  });

  test("a made-up or used link gets the one 'cannot be used' page, not the question", async () => {
    const started = await startCheck(new TestBrowser(app.url), "+12065557206");
    const link = started.phonecheck.openUrl!;
    const forged = await new TestBrowser(app.url).fetch(`${path(link).slice(0, -4)}abcd`);
    expect(forged.status).toBe(303);
    expect(forged.headers.get("location")).toBe("/phone-check/done");
    const phone = new TestBrowser(app.url);
    expect((await tapContinue(phone, link, /./)).hops[0]!.status).toBe(303);
    const other = await new TestBrowser(app.url).fetch(path(link));
    expect(other.status).toBe(303);
    expect(other.headers.get("location")).toBe("/phone-check/done");
    // The phone that said yes is not asked again.
    const again = await phone.fetch(path(link));
    expect(again.headers.get("location")).toMatch(/\/phone_check\/v0\.2\/checks\/.+\/redirect$/);
  });
});

describe("a link previewer", () => {
  test("fetching the link (and everything it links to) leaves it usable by the phone", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, "+12065557208");
    const link = started.phonecheck.openUrl!;
    // A previewer follows redirects and reads the page; it runs no script and posts no form.
    const previewer = new TestBrowser(app.url);
    const { hops, body } = await follow(previewer, link);
    expect(hops).toHaveLength(1);
    expect(hops[0]!.status).toBe(200);
    // Its one link, "This wasn't me", goes to a page of ours that takes no token.
    expect(/<a [^>]*href="([^"]+)"/.exec(body!)?.[1]).toBe("/phone-check/done?declined=1");
    expect(previewer.cookie("pv_binding")).toBeUndefined();
    expect((await poll(laptop, started.id)).phonecheck.phoneOpened).toBe(false);

    // The phone then takes the check and completes it.
    const phone = new TestBrowser(app.url);
    const { next } = await tapContinue(phone, link, LANDING);
    expect(next).toMatch(LANDING);
    await phone.fetch(next!);
    expect((await poll(laptop, started.id)).status).toBe("approved");
  });
});

describe("Continue", () => {
  test("a cross-site POST binds nothing", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, "+12065557210");
    const phone = new TestBrowser(app.url);
    const forged = await phone.fetch(path(started.phonecheck.openUrl!), {
      method: "POST",
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(forged.status).toBe(403);
    expect(bindingCookies(forged)).toEqual([]);
    expect((await poll(laptop, started.id)).phonecheck.phoneOpened).toBe(false);
  });

  test("a browser that sends its form's Origin as null (a no-referrer page) still takes the check", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, "+12065557216");
    const phone = new TestBrowser(app.url);
    // Chromium and Firefox post `Origin: null` from a page whose policy is no-referrer; the
    // browser's own Sec-Fetch-Site says it came from this site.
    const posted = await phone.fetch(path(started.phonecheck.openUrl!), {
      method: "POST",
      headers: {
        origin: "null",
        "sec-fetch-site": "same-origin",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "",
    });
    expect(posted.status).toBe(303);
    expect((await poll(laptop, started.id)).phonecheck.phoneOpened).toBe(true);
  });

  test("a phone with a binding from an earlier visit gets it renewed when it takes the check", async () => {
    const laptop = new TestBrowser(app.url);
    const started = await startCheck(laptop, "+12065557212");
    const phone = new TestBrowser(app.url);
    // An earlier visit on the phone gave it its binding.
    expect(
      (await phone.fetch("/api/verifications", { json: { method: "sms", phone: "+12065557202" } }))
        .status,
    ).toBe(201);
    const secret = phone.cookie("pv_binding")!;

    const page = await phone.fetch(path(started.phonecheck.openUrl!));
    expect(page.status).toBe(200);
    expect(bindingCookies(page)).toEqual([]);
    const opened = await phone.fetch(path(started.phonecheck.openUrl!), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
      },
      body: "",
    });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toMatch(/\/api\/sandbox\/tru-id\//);
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
    expect(bindingCookies(opened)).toEqual([
      `pv_binding=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
    ]);
    expect((await poll(laptop, started.id)).phonecheck.phoneOpened).toBe(true);
  });

  test("a phone without one gets a new binding with the check", async () => {
    const started = await startCheck(new TestBrowser(app.url), "+12065557214");
    const phone = new TestBrowser(app.url);
    const opened = await phone.fetch(path(started.phonecheck.openUrl!), {
      method: "POST",
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(opened.status).toBe(303);
    expect(bindingCookies(opened)).toEqual([
      expect.stringMatching(
        /^pv_binding=[\w-]{32,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=86400$/,
      ),
    ]);
  });
});

describe("a fraudster's session and the victim's phone", () => {
  test("the victim's tap on the link shows the app's host and verifies nothing by itself", async () => {
    // The fraudster opens a session the shop made (no number fixed) and starts a check for the
    // victim's number in it, then sends the victim the handoff link.
    const shop = sessionsClient({ baseUrl: app.url, apiKey: SECRET, keyId: "shop" });
    const session = await shop.createSession({ return_url: "https://shop.example/back" });
    const fraudster = new TestBrowser(app.url);
    const opened = await fraudster.fetch(new URL(session.url).pathname, {
      method: "POST",
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(opened.status).toBe(303);
    const response = await fraudster.fetch("/api/verifications", {
      json: { method: "phonecheck", phone: "+447900123460", session: session.id },
    });
    expect(response.status).toBe(201);
    const started = (await response.json()).verification;

    // The victim taps the link: one GET, with a browser that follows every redirect.
    const victim = new TestBrowser(app.url);
    const { hops, body } = await follow(victim, started.phonecheck.openUrl);
    expect(hops.map((hop) => hop.status)).toEqual([200]);
    expect(words(body!)).toContain("Verify +44 •••• ••3460 for shop.example?");
    expect(body).toContain("Continue only if you started this yourself on your computer.");

    // Nothing was checked: the fraudster's verification and session are still waiting.
    expect((await poll(fraudster, started.id)).status).toBe("pending");
    expect((await shop.getSession(session.id)).status).toBe("pending");
  });
});
