// Errors that mean "the database cannot be reached right now" rather than "the request is
// wrong": answered 503 (retry later), never 500 and never as a success (docs/security.md#failing-closed).

const POSTGRES_UNAVAILABLE = /^(08|57P0[1-3]|53300)/; // connection exceptions, shutdown, too many connections
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

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof candidate.code === "string" ? candidate.code : "";
    if (
      code === "SQLITE_BUSY" ||
      code === "SQLITE_LOCKED" ||
      NETWORK.has(code) ||
      POSTGRES_UNAVAILABLE.test(code)
    ) {
      return true;
    }
    if (typeof candidate.message === "string" && MESSAGES.test(candidate.message)) return true;
    current = candidate.cause; // Drizzle wraps driver errors
  }
  return false;
}
