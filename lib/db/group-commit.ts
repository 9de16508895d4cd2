import type Database from "better-sqlite3";

// Group commit for SQLite. Committing is the dear part of a small write: it takes the file's
// locks and writes every page the transaction changed to the WAL, which for a row or two costs
// more than the statements. So the first transaction begun on a connection in a turn of the
// event loop opens one that stays open until the end of that turn, and every transaction begun
// meanwhile runs in it, at once and in order, as a savepoint of its own (one that fails is
// undone alone). They are committed together when the turn ends, and each caller's promise
// settles only then: nothing is reported stored before it is.
//
// The statements run when they are called, as without grouping, so each request sees the writes
// made before it. A read of the same connection in the meantime runs inside the open
// transaction and sees them too; should the commit then fail (a full disk), that read saw rows
// that were undone, and the writers are told of the failure. Any other write commits the open
// group first and then runs on its own, as it always did (guardWrites), so that a write whose
// caller does not wait for the group is never lost with it.
//
// The hot reads (readAtTurnEnd) run at once too, and their callers carry on at the end of the
// turn with the writers'. Measured in the bench, that alone took a status poll's CPU from 0.66 to
// 0.52 ms: the requests of a turn then run their next steps one after the other (most likely
// with the processor's caches warm, where one request at a time went through all of Next.js's
// code in between).

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/**
 * A connection's open group, if any, and whether a unit's statements are running; and what must
 * hold before any write runs on it (refuseWritesUnless).
 */
type GroupState = {
  waiters: Waiter[] | undefined;
  inUnit: number;
  beforeWrite?: (source: string) => void;
};

// Kept on the connection itself: Next.js evaluates this module once per route bundle, and every
// copy must see the same group (the connection is shared through globalThis, lib/db/client.ts).
const STATE = Symbol.for("phone-verify.group-commit");

function stateOf(client: Database.Database): GroupState {
  const holder = client as unknown as { [STATE]?: GroupState };
  holder[STATE] ??= { waiters: undefined, inUnit: 0 };
  return holder[STATE];
}

/**
 * Runs `unit` (synchronous statements on `client`) now, as a transaction of its own, and
 * resolves to its result once the group it joined is committed. `oneStatement`: the unit runs
 * a single statement, which is all or nothing by itself.
 */
export function groupCommitted<R>(
  client: Database.Database,
  unit: () => R,
  oneStatement = false,
): Promise<R> {
  const state = stateOf(client);
  let result: R;
  try {
    if (!state.waiters) {
      // IMMEDIATE: the write lock first, so that a busy database is waited for here
      // (busy_timeout), not half-way through a unit.
      client.exec("BEGIN IMMEDIATE");
      state.waiters = [];
      setImmediate(() => commit(client));
    }
    state.inUnit += 1;
    try {
      // A transaction begun inside a transaction is a savepoint: on a throw, only it is undone.
      // A unit of one statement needs none: a statement that fails undoes its own changes and
      // leaves the transaction open (SQLite's ABORT), and the savepoint's two statements cost a
      // one-row write as much again.
      result = oneStatement ? unit() : client.transaction(unit)();
    } finally {
      state.inUnit -= 1;
    }
  } catch (error) {
    // Some errors (a full disk, I/O) make SQLite roll back the whole transaction: then the
    // units before this one are undone too, and their callers are told at once.
    if (state.waiters && !client.inTransaction) fail(client, error);
    return Promise.reject(error);
  }
  const waiters = state.waiters;
  return new Promise<R>((resolve, reject) => {
    waiters.push({ resolve: () => resolve(result), reject });
  });
}

/** Commits the group open on `client`, if any, and settles its callers' promises. */
function commit(client: Database.Database): void {
  const state = stateOf(client);
  const waiters = state.waiters;
  if (!waiters) return;
  try {
    client.exec("COMMIT");
  } catch (error) {
    fail(client, error);
    return;
  }
  state.waiters = undefined;
  for (const waiter of waiters) waiter.resolve();
}

/** The group open on `client` is not stored: undoes what is left of it and tells its callers. */
function fail(client: Database.Database, error: unknown): void {
  const state = stateOf(client);
  const waiters = state.waiters ?? [];
  state.waiters = undefined;
  try {
    if (client.inTransaction) client.exec("ROLLBACK");
  } catch {
    // A connection closed meanwhile has nothing left to undo.
  }
  for (const waiter of waiters) waiter.reject(error);
}

/**
 * From now on, a statement prepared on `client` that writes, run outside a unit, first commits
 * the group open on the connection (if any), so that it runs on its own as it would without
 * grouping; and any write, in a unit or not, first passes the check of refuseWritesUnless.
 * Reads are left as they are.
 */
export function guardWrites(client: Database.Database): void {
  const state = stateOf(client);
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    const statement = prepare(source);
    if (statement.readonly) return statement;
    for (const method of ["run", "get", "all", "iterate"] as const) {
      const run = statement[method] as (...values: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value(this: Database.Statement, ...values: unknown[]) {
          state.beforeWrite?.(source);
          if (state.inUnit === 0) commit(client);
          return run.apply(this, values);
        },
      });
    }
    return statement;
  }) as typeof client.prepare;
}

/**
 * From now on, every write prepared on `client` (guardWrites) first calls `check` with its SQL,
 * which throws to refuse it: the one place all of a connection's writes pass.
 */
export function refuseWritesUnless(
  client: Database.Database,
  check: (source: string) => void,
): void {
  stateOf(client).beforeWrite = check;
}

/**
 * Runs `read` (synchronous statements on `client`) now, and resolves to its result when this
 * turn of the event loop ends, with the callers of the turn's writes: once the open group is
 * committed, if there is one (the read ran inside it and may have seen its rows, so a failed
 * commit fails the read too), else in the turn's last phase. Under load, the requests that read
 * in one turn then carry on one after the other: a status poll cost a quarter less CPU so.
 */
export function readAtTurnEnd<R>(client: Database.Database, read: () => R): Promise<R> {
  let result: R;
  try {
    result = read();
  } catch (error) {
    return Promise.reject(error);
  }
  const waiters = stateOf(client).waiters;
  return new Promise<R>((resolve, reject) => {
    if (waiters) waiters.push({ resolve: () => resolve(result), reject });
    else setImmediate(() => resolve(result));
  });
}
