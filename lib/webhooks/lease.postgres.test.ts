import { vi } from "vitest";
import { outboxLeaseContract } from "@/lib/testing/outbox-contract";

// Before any import reads it: this file's store is the PostgreSQL started by the global setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

outboxLeaseContract("postgres");
