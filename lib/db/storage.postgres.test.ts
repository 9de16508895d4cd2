import { describe, vi } from "vitest";
import { storageContract } from "@/lib/testing/storage-contract";

// Before any import reads it: this file's store is the PostgreSQL started by the global setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

describe("health's write probe and a database ahead of the code, on PostgreSQL", () =>
  storageContract());
