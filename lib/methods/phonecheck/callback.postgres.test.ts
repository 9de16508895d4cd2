import { vi } from "vitest";

// The signed-callback suite again, on PostgreSQL: the emulator's key, deliveries and retries
// live in its tables there too. The global setup started the server.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

await import("./callback.test");
