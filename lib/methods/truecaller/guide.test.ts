import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { advanceClock, freezeClock, resetClock } from "@/lib/clock";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { printedLogLines } from "@/lib/testing/logs";
import { simulatedPhone, statusCounts } from "@/lib/testing/truecaller";

// The Truecaller guide's page API as its page calls it (jQuery): POST /ajaxpost with the form
// field phone_number, then GET /auth/true-sdk?requestId=… every few seconds with its cookies.

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  // The prompt interval on (the suites' shared servers turn it off): a refusal to log.
  app = await startTestApp({ TRUECALLER_PROMPT_INTERVAL: "300" });
});
afterAll(() => app.close());

/** A fresh number as the guide's form takes it: E.164 digits, no "+"; `ending` its last four. */
function digits(ending = String(3000 + (counter % 900))): string {
  counter += 1;
  return `1425${600 + counter}${ending}`;
}

/** What jQuery's $.ajax({type: "POST", data: form.serialize()}) sends. */
function ajaxpost(browser: TestBrowser, body: string) {
  return browser.fetch("/ajaxpost", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
      "X-Requested-With": "XMLHttpRequest",
    },
    body,
  });
}

async function guidePoll(browser: TestBrowser, requestId: string) {
  const response = await browser.fetch(`/auth/true-sdk?requestId=${encodeURIComponent(requestId)}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe("POST /ajaxpost, then GET /auth/true-sdk", () => {
  test("the guide's flow: a prompt pushed, waiting, then the person's name", async () => {
    const browser = new TestBrowser(app.url);
    const number = digits();
    const response = await ajaxpost(browser, `phone_number=${number}`);
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({
      status_code: 200,
      text: JSON.stringify({ requestId: answer.requestId }),
      requestId: expect.stringMatching(/=$/),
    });
    expect(await guidePoll(browser, answer.requestId)).toEqual({ message: "Failed", status: "NO" });

    const phone = simulatedPhone(app.url);
    const prompts = await phone.prompts(`+${number}`);
    expect(prompts.map((prompt) => prompt.requestId)).toEqual([answer.requestId]);
    expect((await phone.answer("approve", answer.requestId)).status).toBe(200);
    await expect
      .poll(() => guidePoll(browser, answer.requestId))
      .toEqual({ message: "Success", status: "OK", name: "Asha Rao" });
  });

  test("a JSON body and a number with its + work too", async () => {
    const browser = new TestBrowser(app.url);
    const response = await browser.fetch("/ajaxpost", { json: { phone_number: `+${digits()}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status_code: 200 });
  });

  test("a number that is no Truecaller user: 200 with Truecaller's 403 and words to show", async () => {
    const browser = new TestBrowser(app.url);
    const response = await ajaxpost(browser, `phone_number=${digits("1008")}`);
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toMatchObject({ status_code: 403, requestId: null });
    expect(answer.text).toMatch(/Truecaller/);
  });

  test("another browser polling the request gets the guide's unknown-id answer", async () => {
    const browser = new TestBrowser(app.url);
    const { requestId } = await (await ajaxpost(browser, `phone_number=${digits()}`)).json();
    expect(await guidePoll(new TestBrowser(app.url), requestId)).toEqual({
      message: "Invalid request",
      status: "FAILED",
    });
  });

  test("bad input is a JSON 400 with the guide's fields, and nothing is started", async () => {
    for (const body of [
      "",
      "phone_number=",
      "phone_number=12ab",
      "phone_number=+0123456789",
      "number=12065550123",
    ]) {
      const counts = statusCounts();
      const response = await ajaxpost(new TestBrowser(app.url), body);
      expect(response.status, body).toBe(400);
      const answer = await response.json();
      expect(answer, body).toMatchObject({
        status_code: 400,
        requestId: null,
        error: { code: expect.stringMatching(/^(invalid_phone|bad_request)$/) },
      });
      expect(answer.text, body).toBe(answer.error.message);
      expect(statusCounts(), body).toEqual(counts);
    }
  });

  test("a second push within the interval: 429 with the guide's fields, logged as a refusal", async () => {
    const number = digits();
    freezeClock(Date.now());
    onTestFinished(() => resetClock());
    expect((await ajaxpost(new TestBrowser(app.url), `phone_number=${number}`)).status).toBe(200);
    advanceClock(3000); // past a double click's window: a new start, not the first one's twin
    const printed = printedLogLines();
    const again = await ajaxpost(new TestBrowser(app.url), `phone_number=${number}`);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await again.json()).toMatchObject({
      status_code: 429,
      requestId: null,
      error: { code: "rate_limited" },
    });
    expect(printed()).toContainEqual(
      expect.objectContaining({ message: "request refused", status: 429, path: "/ajaxpost" }),
    );
  });

  test("a cross-site post is refused and pushes nothing", async () => {
    const counts = statusCounts();
    const crossSite = await fetch(`${app.url}/ajaxpost`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://evil.example",
      },
      body: `phone_number=${digits()}`,
    });
    expect(crossSite.status).toBe(403);
    expect(statusCounts()).toEqual(counts);
  });
});
