import "server-only";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";

// Failures on purpose, so that the e2e suite sees the error pages a person would: the page's
// (app/error.tsx, by /sandbox/fail) and the one for a root layout that failed
// (app/global-error.tsx, by this header on any page). Only with the sandbox on.

const FAIL_HEADER = "x-sandbox-fail";

/** Throws in the root layout when the request asks for it (`x-sandbox-fail: layout`). */
export async function failLayoutOnPurpose(): Promise<void> {
  if (!getEnv().sandboxEnabled) return;
  if ((await headers()).get(FAIL_HEADER) === "layout") {
    throw new Error(`The root layout failed on purpose (${FAIL_HEADER}: layout)`);
  }
}

/** What /sandbox/fail throws while rendering. */
export function failPageOnPurpose(): never {
  throw new Error("This page failed on purpose (/sandbox/fail)");
}
