import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { eq, sql } from "drizzle-orm";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { startTestApp, type TestApp } from "./app-server";
import { allAtOnce, latestCode } from "./sandbox";
import { databaseDialect, execute, getDb, rawRows } from "@/lib/db/client";
import { verifications } from "@/lib/db/schema";
import { migrationsStatus } from "@/lib/db/migrations-status";
import { purgeEnded } from "@/lib/db/purge";
import { takeRateLimit } from "@/lib/db/rate-limits";
import { callerFromCookies } from "@/lib/api/caller";
import { serverCaller } from "@/lib/core/caller";
import { sha256 } from "@/lib/crypto";
import { start } from "@/lib/core/start";
import { findOwn } from "@/lib/core/status";
import { approve, reopen } from "@/lib/core/state-machine";
import { reject } from "@/lib/methods/phonecheck/reasons";
import { checkCode } from "@/lib/methods/sms/check";
import { smsMethod } from "@/lib/methods/sms/handler";
import { findVerification, insertVerification } from "@/lib/db/verifications";
import { findVerifiedPhone } from "./verified-phones";
import { findVerificationByAuthId, resendAllowed } from "@/lib/methods/sms/queries";

/**
 * What every store must do, whichever database is behind lib/db: run by store.sqlite.test.ts
 * and store.postgres.test.ts. On PostgreSQL the concurrent calls really run in parallel, on
 * several connections.
 */
export function storeContract(expectedDialect: "sqlite" | "postgres") {
  let app: TestApp;
  let counter = 0;

  beforeAll(async () => {
    app = await startTestApp({
      RETRIES_ALLOWED: "3",
      SMS_RESEND_COOLDOWN: "30",
      SMS_MAX_SENDS: "5",
    });
  });
  afterAll(() => app.close());
  afterEach(() => resetClock());

  const phone = () => {
    counter += 1;
    return `+1206555${String(5100 + counter)}`;
  };

  async function pending(id = `contract-${(counter += 1)}`) {
    const at = now();
    return insertVerification({
      id,
      method: "sms",
      phone: phone(),
      bindingHash: "b".repeat(64),
      maxAttempts: 3,
      sends: 1,
      lastSentAt: at,
      expiresAt: at + 600_000,
      createdAt: at,
      updatedAt: at,
    });
  }

  test(`runs on ${expectedDialect}, with every migration applied`, async () => {
    expect(databaseDialect()).toBe(expectedDialect);
    expect(await migrationsStatus()).toMatchObject({ current: true });
  });

  test("a row reads back as written, times as numbers", async () => {
    const row = await pending();
    const read = await findVerification(row.id);
    expect(read).toEqual(row);
    expect(typeof read?.expiresAt).toBe("number");
  });

  describe("counters and races", () => {
    test("of 20 concurrent finishes, one wins", async () => {
      const row = await pending();
      const results = await allAtOnce(20, (i) =>
        i % 2 ? approve(row, now()) : reject(row, "no_match", now()),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    test("an approval and its verified_phones record commit together, or neither does", async () => {
      const row = await pending();
      // Make the second statement of the approval fail, as a full disk or a bug would.
      const postgres = databaseDialect() === "postgres";
      await execute(
        postgres
          ? sql.raw(`CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN RAISE EXCEPTION 'refused'; END $$`)
          : sql.raw(`CREATE TRIGGER refuse BEFORE INSERT ON verified_phones
              BEGIN SELECT RAISE(ABORT, 'refused'); END`),
      );
      if (postgres) {
        await execute(
          sql.raw(`CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON verified_phones
            FOR EACH ROW EXECUTE FUNCTION refuse()`),
        );
      }
      try {
        await expect(approve(row, now())).rejects.toThrow();
      } finally {
        await execute(sql.raw(`DROP TRIGGER refuse${postgres ? " ON verified_phones" : ""}`));
      }
      expect(await findVerification(row.id)).toMatchObject({ status: "pending" });
      expect(await findVerifiedPhone(row.phone)).toBeUndefined();
      // With the failure gone, the same approval goes through, record and all.
      expect(await approve(row, now())).toMatchObject({ status: "approved" });
      expect(await findVerifiedPhone(row.phone)).toMatchObject({ verificationId: row.id });
    });

    test("50 wrong codes at once: 3 evaluated, attempts exactly 3, locked", async () => {
      const number = phone();
      const { verification } = await start(smsMethod, serverCaller, { phone: number });
      const code = await latestCode(app.url, number);
      const wrong = code === "000000" ? "111111" : "000000";
      const results = await allAtOnce(50, () => checkCode(verification, wrong));
      expect(
        results.filter((r) => r.kind === "wrong" || (r.kind === "locked" && r.byThisGuess)),
      ).toHaveLength(3);
      expect(await findVerification(verification.id)).toMatchObject({
        attempts: 3,
        status: "locked",
      });
    });

    test("8 right codes at once: one approval, one verified number", async () => {
      const number = phone();
      const { verification } = await start(smsMethod, serverCaller, { phone: number });
      const code = await latestCode(app.url, number);
      const results = await allAtOnce(8, () => checkCode(verification, code));
      expect(results.filter((r) => r.kind === "approved")).toHaveLength(1);
      expect(await findVerifiedPhone(number)).toMatchObject({ verificationId: verification.id });
    });

    test("10 resends at once after the cooldown: one goes through", async () => {
      const row = await pending();
      advanceClock(30_000);
      const at = now();
      const results = await allAtOnce(10, (i) =>
        reopen(
          row,
          { codeHash: `hash-${i}`, sends: row.sends + 1, lastSentAt: at, expiresAt: at + 600_000 },
          at,
          {
            from: ["pending", "expired"],
            where: resendAllowed(row, { at, maxSends: 5, cooldownMs: 30_000 }),
          },
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await findVerification(row.id)).toMatchObject({ sends: 2 });
    });

    test("with no cooldown, 10 resends at once still count one send", async () => {
      const row = await pending();
      const at = now();
      const results = await allAtOnce(10, (i) =>
        reopen(row, { codeHash: `hash-${i}`, sends: row.sends + 1, lastSentAt: at }, at, {
          from: ["pending", "expired"],
          where: resendAllowed(row, { at, maxSends: 5, cooldownMs: 0 }),
        }),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await findVerification(row.id)).toMatchObject({ sends: 2 });
    });

    test("20 takes of a limit of 5 at once: exactly 5 allowed, in the database", async () => {
      const key = `contract-${Date.now()}`;
      const at = now();
      const results = await allAtOnce(20, () => takeRateLimit("contract", key, 5, 60_000, at));
      expect(results.filter((r) => r.allowed)).toHaveLength(5);
      const refused = results.find((r) => !r.allowed);
      expect(refused && !refused.allowed && refused.retryAfterMs).toBeGreaterThan(59_000);
      const [row] = await rawRows<{ n: number | string }>(
        sql`SELECT sum(events) AS n FROM rate_limit_counts WHERE key = ${key}`,
      );
      expect(Number(row?.n)).toBe(5);
    });

    test("5 POSTs of one auth_id at once leave one entry", async () => {
      const { createAuth } = await import("@/lib/methods/sms/guide");
      const number = phone();
      await allAtOnce(5, () =>
        createAuth("contract-same-id", number, { ...serverCaller, keyed: true }),
      );
      const [row] = await rawRows<{ n: number | string }>(
        sql`SELECT count(*) AS n FROM verifications WHERE auth_id = 'contract-same-id'`,
      );
      expect(Number(row?.n)).toBe(1);
      expect(await findVerificationByAuthId("contract-same-id")).toMatchObject({
        status: "pending",
      });
    });
  });

  test("per-row binding: only the starting browser's secret finds the row", async () => {
    const row = await pending();
    await getDb()
      .update(verifications)
      .set({ bindingHash: sha256("a".repeat(32)) })
      .where(eq(verifications.id, row.id));
    const own = callerFromCookies(`pv_binding=${"a".repeat(32)}`);
    const other = callerFromCookies(`pv_binding=${"c".repeat(32)}`);
    expect((await findOwn(own, row.id)).id).toBe(row.id);
    await expect(findOwn(other, row.id)).rejects.toBeInstanceOf(ApiError);
    await expect(findOwn(serverCaller, row.id)).rejects.toMatchObject({ code: "not_found" });
  });

  test("purge removes only what ended before the retention", async () => {
    const old = await pending();
    await approve(old, now() - 2 * 86_400_000);
    const live = await pending();
    await purgeEnded(now(), 86_400_000);
    expect(await findVerification(old.id)).toBeUndefined();
    expect(await findVerification(live.id)).toBeDefined();
  });
}
