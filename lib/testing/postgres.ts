import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

// A throwaway PostgreSQL server for tests: its own data directory in /tmp, on 127.0.0.1,
// from Debian's `postgresql` package (.ci/run installs it), or server binaries on the PATH
// (Homebrew's `postgresql@15` on a Mac). initdb refuses to run as root, so as root the server
// runs as the `postgres` user.

export type TestPostgres = {
  url: string;
  stop(): void;
  restart(): void;
  kill(): void;
  start(): void;
};

/**
 * Where initdb and pg_ctl are: Debian's newest /usr/lib/postgresql/<version>/bin (its PATH holds
 * only the client tools), else the first folder of the PATH that has both.
 */
export function binDir(
  debianRoot = "/usr/lib/postgresql",
  searchPath = process.env.PATH ?? "",
): string {
  // Newest first, by number: "9.6" sorts after "15" as text.
  const versions = existsSync(debianRoot)
    ? readdirSync(debianRoot).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  const candidates = [
    ...versions.map((version) => path.join(debianRoot, version, "bin")),
    ...searchPath.split(path.delimiter).filter(Boolean),
  ];
  const found = candidates.find(
    (dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")),
  );
  if (!found) {
    throw new Error(
      "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: Debian: apt-get install postgresql; macOS: brew install postgresql@15 and put its bin folder on the PATH",
    );
  }
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function postgresAvailable(): boolean {
  try {
    binDir();
    return true;
  } catch {
    return false;
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const run = (tool: string, args: string[]) => {
    const command = path.join(bin, tool);
    execFileSync(
      asRoot ? "runuser" : command,
      asRoot ? ["-u", "postgres", "--", command, ...args] : args,
      {
        stdio: "pipe",
      },
    );
  };
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () =>
    run("pg_ctl", ["-D", data, "-o", options, "-w", "-l", path.join(dir, "log"), "start"]);
  start();
  run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "phone_verify"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/phone_verify`,
    start,
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    restart: () => run("pg_ctl", ["-D", data, "-o", options, "-m", "fast", "-w", "restart"]),
    kill() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the server at `url` (a test's own); its URL. */
export async function freshDatabase(url: string, prefix = "pv_test"): Promise<string> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}
