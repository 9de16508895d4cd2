import Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, test } from "vitest";
import { refuseBoundLimits } from "./client";

const notes = sqliteTable("notes", { id: text().primaryKey(), body: text(), at: integer() });

function database() {
  const client = new Database(":memory:");
  client.exec("CREATE TABLE notes (id text PRIMARY KEY, body text, at integer)");
  client.exec("INSERT INTO notes VALUES ('a', 'first', 1), ('b', 'second', 2)");
  return drizzle({ client });
}

describe("statements prepared once", () => {
  test("a lookup by its primary key needs no LIMIT, and is accepted", () => {
    const db = database();
    const byId = db
      .select()
      .from(notes)
      .where(eq(notes.id, sql.placeholder("id")))
      .prepare();
    expect(() => refuseBoundLimits({ byId })).not.toThrow();
    expect(byId.all({ id: "b" })).toEqual([{ id: "b", body: "second", at: 2 }]);
  });

  test("a bound LIMIT, which SQLite would compile again on every run, is refused", () => {
    const db = database();
    const latest = db.select().from(notes).orderBy(notes.at).limit(1).prepare();
    expect(() => refuseBoundLimits({ latest })).toThrow(/binds its LIMIT/);
    // A single statement, as some modules prepare one alone.
    expect(() => refuseBoundLimits(latest)).toThrow(/binds its LIMIT/);
    const all = db.select().from(notes).prepare();
    expect(() => refuseBoundLimits(all)).not.toThrow();
  });
});
