import { describe, vi } from "vitest";
import { budgetContract } from "@/lib/testing/protection-contract";

// Before any import reads it: this file's store is the PostgreSQL started by the global setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

describe("SMS budgets on PostgreSQL", () => budgetContract());
