import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./postgres";

// A throwaway PgBouncer in transaction mode in front of a test's PostgreSQL: what a pooled
// connection string reaches (Neon's `-pooler` host, Supabase's port 6543, Heroku's PgBouncer).
// In transaction mode a client's statements outside a transaction may each run on another
// server connection, so anything kept in a server session (a session-level advisory lock, a
// SET) is not the client's. Round-robin over three servers opened in advance makes that happen
// on every run rather than under load only. Debian's `pgbouncer` (.ci/run installs it), or one
// on the PATH; it refuses to run as root, so as root it runs as the `postgres` user, as the
// server does.

const POOL_SIZE = 3;

function binary(): string {
  const dirs = ["/usr/sbin", ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  const found = dirs.map((dir) => path.join(dir, "pgbouncer")).find((file) => existsSync(file));
  if (!found) throw new Error("PgBouncer is not installed (Debian: apt-get install pgbouncer)");
  return found;
}

export type TestPgBouncer = {
  /**
   * Another database of the same server (`databaseUrl`, a test's own) through the pooler, with
   * its pool's server connections opened.
   */
  through(databaseUrl: string): Promise<string>;
  stop(): void;
};

/** A PgBouncer in front of the PostgreSQL server at `serverUrl`. */
export async function startTestPgBouncer(serverUrl: string): Promise<TestPgBouncer> {
  const command = binary();
  const target = new URL(serverUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-pgbouncer-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const config = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    config,
    [
      "[databases]",
      // The server's own user (and password, where TEST_DATABASE_URL has one) for every client.
      `* = host=${target.hostname} port=${target.port} user=${decodeURIComponent(target.username)}` +
        (target.password ? ` password=${decodeURIComponent(target.password)}` : ""),
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      `default_pool_size = ${POOL_SIZE}`,
      `min_pool_size = ${POOL_SIZE}`,
      "server_round_robin = 1",
      // node-postgres sends none of these by default; a client that does must not be refused.
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  const asRoot = userInfo().uid === 0;
  const bouncer = spawn(
    asRoot ? "runuser" : command,
    asRoot ? ["-u", "postgres", "--", command, config] : [config],
    { stdio: "ignore" },
  );
  await listening(port);
  return {
    async through(databaseUrl) {
      const url = new URL(databaseUrl);
      url.port = String(port);
      await openEveryServer(url.toString());
      return url.toString();
    },
    stop() {
      bouncer.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a database's server connections now (PgBouncer opens them as clients need them, one pool
 * per database): with one open, every statement would run on it, and the pooler would look like a
 * plain connection.
 */
async function openEveryServer(url: string): Promise<void> {
  await Promise.all(
    Array.from({ length: POOL_SIZE }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query("SELECT pg_sleep(0.2)");
      } finally {
        await client.end();
      }
    }),
  );
}

async function listening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`PgBouncer did not listen on 127.0.0.1:${port}`);
}
