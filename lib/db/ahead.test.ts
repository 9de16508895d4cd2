import { describe, expect, test } from "vitest";
import { isPostgresWrite, UNGUARDED } from "./ahead";

describe("isPostgresWrite", () => {
  test("drizzle's writes and the rate limits' take are writes; reads and transaction control are not", () => {
    for (const write of [
      'insert into "verifications" ("id") values ($1)',
      'update "sessions" set "status" = $1',
      ' DELETE FROM "start_locks" WHERE "key" = $1',
      "WITH room (ok) AS MATERIALIZED (SELECT 1) INSERT INTO rate_limit_counts (bucket) SELECT 1",
      "truncate rate_limit_counts",
    ]) {
      expect(isPostgresWrite(write), write).toBe(true);
    }
    for (const read of [
      'select "id", "updated_at" from "verifications" where "id" = $1',
      "SELECT pg_advisory_xact_lock(hashtext(name)) FROM unnest($1) AS name",
      "begin",
      "commit",
      "rollback",
      `${UNGUARDED} INSERT INTO rate_limit_counts (bucket) VALUES ('health')`,
    ]) {
      expect(isPostgresWrite(read), read).toBe(false);
    }
  });
});
