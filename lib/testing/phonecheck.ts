import { asc, count, eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/lib/db/client";
import { forDialect } from "@/lib/db/dialect";
import * as sqlite from "@/lib/methods/phonecheck/emulator/tables";
import * as postgres from "@/lib/methods/phonecheck/emulator/tables.pg";
import { findSandboxCheck } from "@/lib/methods/phonecheck/emulator/queries";
import { findVerification } from "@/lib/db/verifications";
import type { TestBrowser } from "./browser";
import type { DtoOf } from "@/lib/core/dto";
import type { TruIdConfig } from "@/lib/methods/phonecheck/provider/config";

// Test helpers for the PhoneCheck method: a person's browsers (the laptop that starts the check,
// the phone that opens it) and what tru.ID's emulator holds.

export type PhoneCheckDto = DtoOf<"phonecheck">;

/** The real tru.ID client's settings for the emulator of the app at `appUrl` (its sandbox keys). */
export function emulatorConfig(appUrl: string): TruIdConfig {
  return {
    baseUrl: `${appUrl}/api/sandbox/tru-id`,
    clientId: "sandbox-truid-client-id",
    clientSecret: "sandbox-truid-client-secret",
    timeoutMs: 2000,
  };
}

export async function startCheck(browser: TestBrowser, phone: string): Promise<PhoneCheckDto> {
  const response = await browser.fetch("/api/verifications", {
    json: { method: "phonecheck", phone },
  });
  expect(response.status).toBe(201);
  return (await response.json()).verification;
}

export async function poll(browser: TestBrowser, id: string): Promise<PhoneCheckDto> {
  const response = await browser.fetch(`/api/verifications/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()).verification;
}

type Hop = { url: string; status: number; location: string | null };

/**
 * A browser following redirects one by one (with its own cookies), as a phone's browser does,
 * until a page answers (its `body`) or `stopAt` matches the next URL (to look at it before
 * going there).
 */
export async function follow(
  browser: TestBrowser,
  url: string,
  stopAt?: RegExp,
): Promise<{ hops: Hop[]; next: string | null; body?: string }> {
  const hops: Hop[] = [];
  let current = url;
  for (let i = 0; i < 8; i += 1) {
    const response = await browser.fetch(current);
    const body = await response.text();
    const location = response.headers.get("location");
    hops.push({ url: current, status: response.status, location });
    if (!location) return { hops, next: null, body };
    const next = new URL(location, current).toString();
    if (stopAt?.test(next)) return { hops, next };
    current = next;
  }
  throw new Error("too many redirects");
}

/**
 * The phone taps Continue on the handoff link's page (the page's form, posted as a browser
 * posts it: Sec-Fetch-Site, and the Origin of the link), then follows the redirects as `follow`
 * does. The first hop is the POST's.
 */
export async function tapContinue(
  browser: TestBrowser,
  link: string,
  stopAt?: RegExp,
): Promise<{ hops: Hop[]; next: string | null; body?: string }> {
  const response = await browser.fetch(link, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
      ...(URL.canParse(link) ? { origin: new URL(link).origin } : {}),
    },
    body: "",
  });
  const location = response.headers.get("location");
  const hop = { url: link, status: response.status, location };
  if (!location) return { hops: [hop], next: null, body: await response.text() };
  const next = URL.canParse(link) ? new URL(location, link).toString() : location;
  if (stopAt?.test(next)) return { hops: [hop], next };
  const rest = await follow(browser, next, stopAt);
  return { ...rest, hops: [hop, ...rest.hops] };
}

/** The landing URL tru.ID sends the phone to (our redirect route with check_id and code). */
export const LANDING = /\/api\/phone-check\/redirect\?/;

export async function checkOf(verificationId: string) {
  const row = await findVerification(verificationId);
  expect(row?.providerRef).toBeTruthy();
  return (await findSandboxCheck(row!.providerRef!))!;
}

// What tests read and do behind the tru.ID emulator's back, in its own tables.
const sandboxTruidTokens = forDialect(sqlite.sandboxTruidTokens, postgres.sandboxTruidTokens);
const sandboxTruidCallbacks = forDialect(
  sqlite.sandboxTruidCallbacks,
  postgres.sandboxTruidCallbacks,
);

/** Revokes every token issued so far: tru.ID stops accepting a cached token. */
export async function revokeSandboxTokens(at: number): Promise<void> {
  await getDb().update(sandboxTruidTokens).set({ revokedAt: at });
}

/** How many tokens the emulator issued: what tests count to see the client's cache at work. */
export async function countSandboxTokens(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(sandboxTruidTokens);
  return row?.n ?? 0;
}

/** The callbacks the emulator made for a check, the first first. */
export async function listSandboxCallbacks(checkId: string) {
  return getDb()
    .select()
    .from(sandboxTruidCallbacks)
    .where(eq(sandboxTruidCallbacks.checkId, checkId))
    .orderBy(asc(sandboxTruidCallbacks.id));
}
