import { describe, vi } from "vitest";
import { requestsContract } from "@/lib/testing/requests-contract";

// Before any import reads it: this file's store is the PostgreSQL started by the global setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

describe("requests from servers, retrying clients and sloppy browsers, on PostgreSQL", () =>
  requestsContract());
