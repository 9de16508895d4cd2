import { vi } from "vitest";

// The PhoneCheck suite again, on PostgreSQL (the store of deployments with several instances):
// the compare-and-swap of the provider state, the one-time handoff and the single redemption
// must hold under READ COMMITTED too. The global setup started the server.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

await import("./phonecheck.test");
