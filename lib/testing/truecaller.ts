import { expect, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { forDialect } from "@/lib/db/dialect";
import { network } from "@/lib/providers/http";
import * as sqlite from "@/lib/methods/truecaller/emulator/tables";
import * as postgres from "@/lib/methods/truecaller/emulator/tables.pg";
import { issueSandboxToken } from "@/lib/methods/truecaller/emulator/api";
import type { TestBrowser } from "./browser";
import type { DtoOf } from "@/lib/core/dto";

// Test helpers for the Truecaller method: a person's browser, the simulated phone's JSON API,
// and Truecaller's side of the callback.

export type TruecallerDto = DtoOf<"truecaller">;

export async function startPush(browser: TestBrowser, phone: string): Promise<TruecallerDto> {
  const response = await browser.fetch("/api/verifications", {
    json: { method: "truecaller", phone },
  });
  expect(response.status).toBe(201);
  return (await response.json()).verification;
}

export async function startDeepLink(browser: TestBrowser, phone: string): Promise<TruecallerDto> {
  const response = await browser.fetch("/api/truecaller/deep-link", { json: { phone } });
  expect(response.status).toBe(201);
  return (await response.json()).verification;
}

export async function poll(browser: TestBrowser, id: string): Promise<TruecallerDto> {
  const response = await browser.fetch(`/api/verifications/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()).verification;
}

/** The simulated phone, driven through its JSON API as a script would. */
export function simulatedPhone(baseUrl: string) {
  return {
    async prompts(number: string): Promise<{ requestId: string; flow: string }[]> {
      const response = await fetch(
        `${baseUrl}/api/sandbox/truecaller/phone/prompts?number=${encodeURIComponent(number)}`,
      );
      return (await response.json()).prompts;
    },
    async answer(action: "approve" | "decline" | "use-another-number", requestId: string) {
      const response = await fetch(`${baseUrl}/api/sandbox/truecaller/phone/prompts/${action}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ requestId }),
      });
      return { status: response.status, body: await response.json() };
    },
    async openLink(link: string, number: string) {
      const response = await fetch(`${baseUrl}/api/sandbox/truecaller/phone/deep-link`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ link, number }),
      });
      return { status: response.status, body: await response.json() };
    },
  };
}

/** What Truecaller's backend would POST, from anyone: the callback is unauthenticated. */
export async function postCallback(
  baseUrl: string,
  body: unknown,
  path = "/api/truecaller/callback",
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

/** A token the emulator really issued for `e164`'s profile. */
export function validToken(e164: string): Promise<string> {
  return issueSandboxToken("issued-in-test", e164.replace(/^\+/, ""));
}

export function profileRequests(): Promise<number> {
  return countSandboxTraffic("profile");
}

/**
 * Records every request the process sends from now on: the provider clients' (through the
 * transport's network edge) and the emulators' and the test's own (through fetch). The test app
 * runs in this process, so both are seen here.
 */
export function recordFetches() {
  const fetchSpy = vi.spyOn(globalThis, "fetch");
  const providerSpy = vi.spyOn(network, "exchange");
  const calls = () => [
    ...providerSpy.mock.calls.map(([url, init]) => ({ url, body: init.body })),
    ...fetchSpy.mock.calls.map(([input, init]) => ({
      url: input instanceof Request ? input.url : input instanceof URL ? input.href : String(input),
      body: typeof init?.body === "string" ? init.body : undefined,
    })),
  ];
  return {
    urls: () => calls().map((call) => call.url),
    /** The JSON bodies sent to URLs ending in `path`. */
    bodiesTo: (path: string) =>
      calls()
        .filter((call) => call.url.endsWith(path) && call.body !== undefined)
        .map((call) => JSON.parse(call.body!) as Record<string, string>),
  };
}

export function verificationRow(id: string) {
  return getDb().$client.prepare("SELECT * FROM verifications WHERE id = ?").get(id) as Record<
    string,
    unknown
  >;
}

export function statusCounts(): Record<string, number> {
  const rows = getDb()
    .$client.prepare("SELECT status, count(*) AS n FROM verifications GROUP BY status")
    .all() as { status: string; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

const sandboxTruecallerTraffic = forDialect(
  sqlite.sandboxTruecallerTraffic,
  postgres.sandboxTruecallerTraffic,
);

/** How many requests of `kind` the Truecaller emulator has seen. */
async function countSandboxTraffic(kind: "callback" | "profile"): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(sandboxTruecallerTraffic)
    .where(eq(sandboxTruecallerTraffic.kind, kind));
  return row?.n ?? 0;
}
