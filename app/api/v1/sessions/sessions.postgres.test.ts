import { describe, vi } from "vitest";
import { sessionsContract } from "@/lib/testing/sessions-contract";

// Before any import reads it: this file's store is the PostgreSQL started by the global setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

describe("verification sessions for other apps, on PostgreSQL", () => sessionsContract());
