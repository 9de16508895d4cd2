import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { groupCommitted, guardWrites, readAtTurnEnd } from "./group-commit";

// The app's connection (`writer`, as lib/db/client.ts opens it) and another one (`other`, as
// another process would see the file): what `other` sees is what is committed.
let dir: string;
let writer: Database.Database;
let other: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "group-commit-"));
  const file = path.join(dir, "app.db");
  writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("foreign_keys = ON");
  writer.exec(`CREATE TABLE t (n INTEGER PRIMARY KEY);
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`);
  guardWrites(writer);
  other = new Database(file);
});

afterEach(() => {
  writer.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (n: number) => () => writer.prepare("INSERT INTO t (n) VALUES (?)").run(n);
const committed = () => other.prepare("SELECT n FROM t ORDER BY n").pluck().all();
const commits = (exec: { mock: { calls: unknown[][] } }) =>
  exec.mock.calls.filter(([text]) => text === "COMMIT").length;

test("units begun in one turn run at once and are committed together, then their callers hear", async () => {
  const exec = vi.spyOn(writer, "exec");
  const first = groupCommitted(writer, insert(1));
  const second = groupCommitted(writer, () => {
    insert(2)();
    // A unit sees the units before it: they ran when they were called.
    return writer.prepare("SELECT count(*) FROM t").pluck().get();
  });
  // Run, not yet committed: another connection sees nothing.
  expect(writer.prepare("SELECT count(*) FROM t").pluck().get()).toBe(2);
  expect(committed()).toEqual([]);
  expect(await second).toBe(2);
  await first;
  expect(committed()).toEqual([1, 2]);
  expect(commits(exec)).toBe(1);
  // The next turn's units are a group of their own.
  await groupCommitted(writer, insert(3));
  expect(committed()).toEqual([1, 2, 3]);
  expect(commits(exec)).toBe(2);
});

test("a unit that throws is undone alone; the others of its group are stored", async () => {
  const first = groupCommitted(writer, insert(1));
  const failing = groupCommitted(writer, () => {
    insert(2)();
    throw new Error("refused");
  });
  const third = groupCommitted(writer, insert(3));
  await expect(failing).rejects.toThrow("refused");
  await Promise.all([first, third]);
  expect(committed()).toEqual([1, 3]);
});

test("a one-statement unit that fails is undone alone without a savepoint; the group goes on", async () => {
  const exec = vi.spyOn(writer, "exec");
  const savepoints = vi.spyOn(writer, "transaction");
  const first = groupCommitted(writer, insert(1), true);
  // The primary key is taken: the statement fails, and only its own change is undone.
  const failing = groupCommitted(
    writer,
    () => writer.prepare("INSERT INTO t (n) VALUES (3), (1)").run(),
    true,
  );
  const third = groupCommitted(writer, insert(2), true);
  await expect(failing).rejects.toThrow(/UNIQUE/);
  await Promise.all([first, third]);
  expect(committed()).toEqual([1, 2]);
  expect(commits(exec)).toBe(1);
  // No savepoint (better-sqlite3's nested transaction) was taken for them.
  expect(savepoints).not.toHaveBeenCalled();
});

test("a commit that fails stores nothing of the group and fails every caller", async () => {
  // A deferred foreign key is checked at COMMIT: the units themselves succeed.
  const first = groupCommitted(writer, insert(1));
  const orphan = groupCommitted(writer, () =>
    writer.prepare("INSERT INTO child (parent_id) VALUES (42)").run(),
  );
  await expect(first).rejects.toThrow(/FOREIGN KEY/);
  await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
  expect(committed()).toEqual([]);
  expect(writer.inTransaction).toBe(false);
  // The connection goes on: the next group is stored.
  await groupCommitted(writer, insert(5));
  expect(committed()).toEqual([5]);
});

test("a write outside the group commits the group first and then runs on its own", async () => {
  const grouped = groupCommitted(writer, insert(1));
  // Not a unit (as any statement of the app outside a grouped write): its caller does not wait
  // for the group, so it must not be left in it.
  writer.prepare("INSERT INTO t (n) VALUES (2)").run();
  expect(committed()).toEqual([1, 2]);
  expect(writer.inTransaction).toBe(false);
  await grouped;
  // A read outside the group leaves it open.
  const later = groupCommitted(writer, insert(3));
  expect(writer.prepare("SELECT count(*) FROM t").pluck().get()).toBe(3);
  expect(writer.inTransaction).toBe(true);
  await later;
  expect(committed()).toEqual([1, 2, 3]);
});

test("a busy database refuses the unit that cannot begin, and nothing else", async () => {
  writer.pragma("busy_timeout = 0");
  other.exec("BEGIN IMMEDIATE");
  await expect(groupCommitted(writer, insert(1))).rejects.toMatchObject({ code: "SQLITE_BUSY" });
  other.exec("ROLLBACK");
  await groupCommitted(writer, insert(2));
  expect(committed()).toEqual([2]);
});

test("a read runs at once and its caller carries on when the turn's group is committed", async () => {
  const count = () => writer.prepare("SELECT count(*) FROM t").pluck().get();
  const grouped = groupCommitted(writer, insert(1));
  // Inside the open group: it sees the unit before it.
  const read = readAtTurnEnd(writer, count);
  let settled = false;
  void read.then(() => (settled = true));
  await Promise.resolve();
  expect(settled).toBe(false);
  expect(await read).toBe(1);
  await grouped;
  expect(committed()).toEqual([1]);
  // With no group open, it still runs at once (a later write does not change what it read).
  const alone = readAtTurnEnd(writer, count);
  writer.prepare("INSERT INTO t (n) VALUES (2)").run();
  expect(await alone).toBe(1);
});

test("a read that saw a group whose commit then failed is failed too", async () => {
  const orphan = groupCommitted(writer, () =>
    writer.prepare("INSERT INTO child (parent_id) VALUES (42)").run(),
  );
  const read = readAtTurnEnd(writer, () =>
    writer.prepare("SELECT count(*) FROM child").pluck().get(),
  );
  await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
  await expect(read).rejects.toThrow(/FOREIGN KEY/);
});
