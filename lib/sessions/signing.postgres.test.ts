import { vi } from "vitest";

// Before any import reads it: signing.test.ts's suite on the PostgreSQL started by the global
// setup, where two instances' statements really run in parallel, on several connections.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

import "./signing.test";
