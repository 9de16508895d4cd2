import { expect } from "vitest";
import { TestBrowser } from "./browser";

// What the budget contracts (./protection-contract.ts for SMS, ./phonecheck-budgets-contract.ts)
// send and expect, as an attacker meets the budgets over HTTP.

/** A start as a fresh browser, from `ip` when the app trusts a proxy. */
export function startAsStranger(
  appUrl: string,
  phone: string,
  options: { ip?: string; method?: string; challenge?: string } = {},
): Promise<Response> {
  const headers = options.ip ? { "x-forwarded-for": `198.51.100.250, ${options.ip}` } : undefined;
  return new TestBrowser(appUrl).fetch("/api/verifications", {
    json: { method: options.method ?? "sms", phone, challenge: options.challenge },
    headers,
  });
}

/** A 429 with a Retry-After and words that say why. */
export async function expectRefused(response: Response, words: RegExp): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  const { error } = await response.json();
  expect(error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(words) });
}
