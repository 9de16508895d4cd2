import { postgresAvailable, startTestPostgres, type TestPostgres } from "./postgres";

// Once per `vitest run`: a throwaway PostgreSQL for the suites that run against it
// (*.postgres.test.ts). TEST_DATABASE_URL points them at a server of your own instead.
let server: TestPostgres | undefined;

export async function setup() {
  if (process.env.TEST_DATABASE_URL) {
    process.env.PV_TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  if (!postgresAvailable()) {
    throw new Error(
      "The PostgreSQL suites need PostgreSQL: install it (Debian: apt-get install postgresql; " +
        "macOS: brew install postgresql@15, its bin folder on the PATH) " +
        "or set TEST_DATABASE_URL=postgres://user@host/db to a server the tests may create databases on.",
    );
  }
  server = await startTestPostgres();
  process.env.PV_TEST_POSTGRES_URL = server.url;
}

export function teardown() {
  server?.kill();
}
