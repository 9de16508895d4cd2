import { describe, vi } from "vitest";
import { smsGuardContract } from "@/lib/testing/sms-guard-contract";

// Before any import reads it: this file's store is the PostgreSQL started by the global setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

describe("SMS number policy, pumping guard, challenge and failure budget on PostgreSQL", () =>
  smsGuardContract());
