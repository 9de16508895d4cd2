import { readFileSync } from "node:fs";
import path from "node:path";
import { now } from "@/lib/clock";

// A database that a newer version of the app has migrated (a rolling deploy, a rollback) takes
// no write from this code, which would write rows the schema has moved on from
// (docs/security.md#failing-closed). The refusal sits where every write passes, the database
// handle itself (lib/db/client.ts), so that no route, timer or page can write by another way;
// this module knows what "ahead" is and remembers the answer for a while.

/** What drizzle's ledger holds: how many migrations were applied, and the newest one's time. */
type Ledger = { applied: number; last: number };

/** The ledger's query: the same text on SQLite and PostgreSQL but for the table's schema. */
export const LEDGER_QUERY = {
  sqlite: "SELECT count(*) AS applied, max(created_at) AS last FROM __drizzle_migrations",
  postgres: "SELECT count(*) AS applied, max(created_at) AS last FROM drizzle.__drizzle_migrations",
};

/**
 * A statement that begins with this comment is let through when the schema is ahead: only the
 * health check's probe, which leaves nothing behind and asks whether the database can take a
 * write at all.
 */
export const UNGUARDED = "/* unguarded */";

const journals = new Map<string, { count: number; last: number | null }>();

/** The migrations this code ships (drizzle/ or drizzle/pg/), read once per folder. */
function journalOf(folder: string): { count: number; last: number | null } {
  let journal = journals.get(folder);
  if (!journal) {
    const { entries } = JSON.parse(
      readFileSync(path.join(folder, "meta", "_journal.json"), "utf8"),
    ) as { entries: { when: number }[] };
    journal = { count: entries.length, last: entries.at(-1)?.when ?? null };
    journals.set(folder, journal);
  }
  return journal;
}

/** The ledger against the code's journal. */
export function compareLedger(ledger: Ledger, folder: string) {
  const { count, last } = journalOf(folder);
  return {
    current: ledger.applied === count && ledger.last === last,
    ahead: ledger.applied > count || (last !== null && ledger.last > last),
    expected: count,
  };
}

/** A ledger row as either driver answers it (PostgreSQL: counts and bigints as strings). */
export function ledgerOf(row: { applied?: unknown; last?: unknown } | undefined): Ledger {
  return { applied: Number(row?.applied ?? 0), last: Number(row?.last ?? 0) };
}

const CHECK_EVERY_MS = 30_000;

/**
 * Whether one database handle is ahead of the code, read from its ledger at most every 30 s: a
 * write costs a look at a remembered answer, not a query.
 */
export class AheadGuard {
  private ahead = false;
  private checkedAt = -Infinity;
  private reading: Promise<boolean> | undefined;

  constructor(private readonly folder: string) {}

  /** The remembered answer while it is fresh; undefined once it is too old to go on. */
  known(): boolean | undefined {
    const at = now();
    // A clock moved back (tests) must not keep an answer for ever.
    const stale = at - this.checkedAt > CHECK_EVERY_MS || at < this.checkedAt;
    return stale ? undefined : this.ahead;
  }

  /** The answer, read synchronously when it is stale (SQLite). */
  aheadSync(read: () => Ledger): boolean {
    return this.known() ?? this.remember(read());
  }

  /** The answer, read when it is stale (PostgreSQL); reads at the same moment share one query. */
  async aheadAsync(read: () => Promise<Ledger>): Promise<boolean> {
    const known = this.known();
    if (known !== undefined) return known;
    this.reading ??= read()
      .then((ledger) => this.remember(ledger))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private remember(ledger: Ledger): boolean {
    this.ahead = compareLedger(ledger, this.folder).ahead;
    this.checkedAt = now();
    return this.ahead;
  }
}

// The writes of PostgreSQL, told by their first word (drizzle writes `insert into`, `update`,
// `delete from`; the rate limits' take is `WITH … INSERT`). SQLite tells its own statements
// apart (a statement's `readonly`).
const POSTGRES_WRITE =
  /^\s*(?:(?:insert|update|delete|merge|truncate|create|alter|drop)\b|with\b[\s\S]*\b(?:insert|update|delete)\b)/i;

/** Whether a PostgreSQL statement's text may write. */
export function isPostgresWrite(text: string): boolean {
  return !text.startsWith(UNGUARDED) && POSTGRES_WRITE.test(text);
}
