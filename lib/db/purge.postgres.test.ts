import { vi } from "vitest";

// Before any import reads it: purge.test.ts's suite on the PostgreSQL started by the global
// setup.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

import "./purge.test";
