// Errors that mean "the database cannot take this right now" rather than "the request is
// wrong": answered 503 (retry later), never 500 and never as a success
// (docs/security.md#failing-closed). Besides lost connections: a full disk and a database that
// has become read-only, which an operator fixes without the client changing anything; and a
// database migrated by a newer version of the app, which this one does not write to.

// Connection exceptions, shutdown, insufficient resources (disk full, out of memory, too many
// connections), a read-only transaction (a replica, a database set read-only).
const POSTGRES_UNAVAILABLE = /^(08|57P0[1-3]|53[123]00|25006)/;
// Busy or locked, a full disk, a read-only file or database, I/O errors, a file that cannot open.
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN)/;
const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

const SCHEMA_AHEAD = "SCHEMA_AHEAD";

/**
 * A write refused because a newer version of the app migrated the database (lib/db/ahead.ts):
 * an outage like the others for this code, until it is replaced or the database rolled back.
 */
export class SchemaAheadError extends Error {
  readonly code = SCHEMA_AHEAD;
  constructor() {
    super("the database was migrated by a newer version of the app: this one does not write to it");
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof candidate.code === "string" ? candidate.code : "";
    if (
      SQLITE_UNAVAILABLE.test(code) ||
      NETWORK.has(code) ||
      POSTGRES_UNAVAILABLE.test(code) ||
      code === SCHEMA_AHEAD
    ) {
      return true;
    }
    if (typeof candidate.message === "string" && MESSAGES.test(candidate.message)) return true;
    current = candidate.cause; // Drizzle wraps driver errors
  }
  return false;
}
