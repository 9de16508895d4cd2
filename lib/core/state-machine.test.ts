import { afterAll, beforeAll, expect, test } from "vitest";
import { now } from "@/lib/clock";
import type { Verification } from "@/lib/db/schema";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { findVerifiedPhone } from "@/lib/testing/verified-phones";
import { approve, endingsFor, fail, swapProviderState } from "./state-machine";

// The one compare-and-set of provider_state, as a provider's refusal uses it to end a row
// (PhoneCheck's failed start, Truecaller's refused request): on a fresh SQLite database.

// A method's endings, with the reasons this file's method declares.
const { endUnlessStateMovedOn, reject } = endingsFor({
  provider_error: { retry: true },
  not_a_user: { retry: false },
});

let app: TestApp;
let counter = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function pending(providerState: string, expiresInMs = 60_000): Promise<Verification> {
  const at = now();
  counter += 1;
  return insertVerification({
    id: `cas-${counter}`,
    method: "phonecheck",
    phone: `+1206555${String(6100 + counter)}`,
    providerState,
    expiresAt: at + expiresInMs,
    createdAt: at,
    updatedAt: at,
  });
}

test("ends the row with the state made of the one it read", async () => {
  const row = await pending("waiting");
  const ended = await endUnlessStateMovedOn(row, "failed", "provider_error", now(), (current) =>
    current.providerState === "waiting" ? "refused" : undefined,
  );
  expect(ended).toMatchObject({
    status: "failed",
    statusReason: "provider_error",
    providerState: "refused",
  });
});

test("a state changed after the caller read it is read again, and what it says is kept", async () => {
  const read = await pending("waiting");
  // Another request writes its state between the caller's read and its end.
  await swapProviderState(read, "checked", now());
  const seen: (string | null)[] = [];
  const ended = await endUnlessStateMovedOn(read, "rejected", "not_a_user", now(), (current) => {
    seen.push(current.providerState);
    return `${current.providerState}+refused`;
  });
  expect(seen).toEqual(["waiting", "checked"]);
  expect(ended).toMatchObject({
    status: "rejected",
    statusReason: "not_a_user",
    providerState: "checked+refused",
  });
});

test("left alone once the state moved on: that request decides the ending", async () => {
  const row = await pending("waiting");
  await swapProviderState(row, "fetching", now());
  const left = await endUnlessStateMovedOn(row, "failed", "provider_error", now(), (current) =>
    current.providerState === "waiting" ? "done" : undefined,
  );
  expect(left).toMatchObject({ status: "pending", providerState: "fetching" });
  expect(await findVerification(row.id)).toMatchObject({ status: "pending" });
});

test("a row that ended meanwhile is answered as it ended, untouched", async () => {
  const row = await pending("waiting");
  await fail(row, "session_ended", now());
  const after = await endUnlessStateMovedOn(row, "failed", "provider_error", now(), () => "done");
  expect(after).toMatchObject({ status: "failed", statusReason: "session_ended" });
  expect(after.providerState).toBe("waiting");
});

test("a proof that comes after the expiry approves nothing, and records no verified number", async () => {
  // A verification nobody polled since its time ran out: still pending in the table.
  const row = await pending("waiting", -1_000);
  expect(await approve(row, now())).toBeUndefined();
  expect(await findVerification(row.id)).toMatchObject({ status: "pending" });
  expect(await findVerifiedPhone(row.phone)).toBeUndefined();
});

test("a proof that came in time counts, though the approval is written after the expiry", async () => {
  const row = await pending("waiting", -1_000);
  const approved = await approve(row, now(), { provenAt: row.expiresAt - 500 });
  expect(approved).toMatchObject({ status: "approved" });
  expect(await findVerifiedPhone(row.phone)).toMatchObject({ verificationId: row.id });
});

test("a method ends a verification only for a reason it declares, or one of the core's", async () => {
  const row = await pending("waiting");
  await expect(reject(row, "not_a_user", now())).resolves.toMatchObject({
    status: "rejected",
    statusReason: "not_a_user",
  });
  // Checked by the type checker (npm run typecheck): a reason nobody declared, and so nobody
  // put into words, does not compile; nor does a method's reason through the core's own fail.
  const undeclared = async (row: Verification) => {
    // @ts-expect-error -- "no_match" is not a reason of this method
    await reject(row, "no_match", now());
    // @ts-expect-error -- the core's fail takes only the core's reasons
    await fail(row, "provider_error", now());
    await reject(row, "timed_out", now()); // the core's reasons are every method's
  };
  expect(undeclared).toBeTypeOf("function");
});
