import { vi } from "vitest";

// The client suite again, with the emulator's state on PostgreSQL. The global setup started
// the server.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.PV_TEST_POSTGRES_URL;
});

await import("./client.test");
