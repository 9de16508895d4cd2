import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freshDatabase } from "@/lib/testing/postgres";
import { generousBudgets } from "@/lib/testing/budgets";

// A rehearsal of `git push heroku main` (README, "Heroku"), as Heroku's Node.js buildpack runs
// it (https://devcenter.heroku.com/articles/nodejs-classic-buildpack-builds): the committed tree
// in a directory of its own → `npm ci` (devDependencies included) → `npm run build` →
// `npm prune --omit=dev` → the Procfile's `release` command → its `web` command with PORT,
// NODE_ENV=production and DATABASE_URL on a real PostgreSQL. What runs at the end has no
// devDependencies left, so nothing at run time may need one. Along the way: `npm ls` must find
// each tree valid, the pruned better-sqlite3 must load its native binding, and the release must
// have migrated the database before `web` starts. Slow (a real install and build): it runs in
// `npm test` beside the other suites. As on Heroku, better-sqlite3's install takes a prebuilt
// binding rather than compiling one (see providePrebuild).

const MINUTE = 60_000;
const root = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-heroku-"));
const appDir = path.join(dir, "app");
const logFile = path.join(dir, "build.log");
const API_KEY = "rehearsal-api-key-0123456789";
let web: ChildProcess | undefined;
let keptByPrune: string[] = [];
/** What `npm ci` printed (the log up to its end). */
let installLog = "";
/** `npm ls` of the installed tree, then of what the prune left: an invalid tree exits 1. */
let treeAfterInstall: Outcome | undefined;
let treeAfterPrune: Outcome | undefined;
/** Opening an SQLite database in memory with the pruned tree's better-sqlite3. */
let sqliteAfterPrune: Outcome | undefined;
/** Whether the install compiled better-sqlite3's binding rather than taking the prebuilt one. */
let compiledBinding: boolean | undefined;
/** drizzle's migration ledger right after the release command, before `web` starts. */
let ledgerAfterRelease: number[] = [];
let base = "";

type Outcome = { code: number | null; output: string };

/** The environment of a fresh dyno: this machine's PATH and npm cache, none of the tests' settings. */
function dynoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "npm_config_cache", "npm_config_userconfig"];
  const env: Record<string, string> = { NEXT_TELEMETRY_DISABLED: "1", CI: "1" };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  // No NODE_ENV unless asked for: the buildpack installs devDependencies, then builds.
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

/** Runs `command` with sh (as the buildpack and the Procfile do); its output goes to the log. */
function run(command: string, env: NodeJS.ProcessEnv, cwd = appDir): Promise<void> {
  writeFileSync(logFile, `\n$ ${command}\n`, { flag: "a" });
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", `${command} >> "${logFile}" 2>&1`], { cwd, env });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`\`${command}\` exited ${code}\n${logTail()}`)),
    );
  });
}

/** Runs `command` like run(), but answers its exit code and output instead of throwing. */
function outcome(command: string, env: NodeJS.ProcessEnv, cwd = appDir): Promise<Outcome> {
  writeFileSync(logFile, `\n$ ${command}\n`, { flag: "a" });
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", `${command} 2>&1`], { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      writeFileSync(logFile, output, { flag: "a" });
      resolve({ code, output });
    });
  });
}

/**
 * The `created_at` of every migration drizzle has recorded in PostgreSQL (the journal's `when`
 * of each), none if the ledger does not exist yet.
 */
async function migrationLedger(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ ledger: string | null }>(
      "SELECT to_regclass('drizzle.__drizzle_migrations')::text AS ledger",
    );
    if (rows[0]?.ledger === null) return [];
    const applied = await client.query<{ created_at: string }>(
      "SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at",
    );
    return applied.rows.map((row) => Number(row.created_at));
  } finally {
    await client.end();
  }
}

function journalWhens(): number[] {
  const journal = JSON.parse(
    readFileSync(path.join(appDir, "drizzle", "pg", "meta", "_journal.json"), "utf8"),
  ) as { entries: { when: number }[] };
  return journal.entries.map((entry) => entry.when);
}

function logTail(): string {
  return existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n") : "";
}

function devDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(appDir, "package.json"), "utf8"));
  return Object.keys(manifest.devDependencies);
}

function modulePath(name: string): string {
  return path.join(appDir, "node_modules", name);
}

function procfile(): Record<string, string> {
  const lines = readFileSync(path.join(appDir, "Procfile"), "utf8").split("\n");
  return Object.fromEntries(
    lines
      .map((line) => /^([a-z]+):\s*(.+)$/.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(deadline: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (web?.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the web process did not come up\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * better-sqlite3's prebuilt binding for this platform and Node version, where its install script
 * (prebuild-install) finds it. On Heroku that script downloads one from GitHub and compiles from
 * source only when there is none; GitHub is out of reach here, so the rehearsal compiled for a
 * minute and a half, which Heroku does not. The binding is the one this checkout's own install
 * compiled (`npm ci` in .ci/run still compiles from source), packed as GitHub packs it, and named
 * by a `.prebuild-installrc` beside the app's folder (prebuild-install looks for one in every
 * folder above its own): the committed tree itself stays as it is.
 */
function providePrebuild(): void {
  const moduleDir = path.join(root, "node_modules", "better-sqlite3");
  const { version } = JSON.parse(readFileSync(path.join(moduleDir, "package.json"), "utf8")) as {
    version: string;
  };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const prebuilds = path.join(dir, "prebuilds");
  mkdirSync(prebuilds, { recursive: true });
  execFileSync("tar", [
    "-czf",
    path.join(prebuilds, name),
    "-C",
    moduleDir,
    "build/Release/better_sqlite3.node",
  ]);
  writeFileSync(path.join(dir, ".prebuild-installrc"), `local-prebuilds=${prebuilds}\n`);
}

beforeAll(async () => {
  // The committed tree, as `git push` delivers it: nothing untracked, nothing uncommitted.
  await run(`mkdir -p "${appDir}" && git archive HEAD | tar -x -C "${appDir}"`, dynoEnv(), root);
  providePrebuild();
  await run("npm ci --prefer-offline --no-audit --no-fund", dynoEnv());
  // node-gyp leaves its Makefile in build/; a prebuild is the binding alone.
  compiledBinding = existsSync(path.join(modulePath("better-sqlite3"), "build", "Makefile"));
  installLog = readFileSync(logFile, "utf8");
  treeAfterInstall = await outcome("npm ls --all", dynoEnv());
  await run("npm run build", dynoEnv({ NODE_ENV: "production" }));
  await run("npm prune --omit=dev --no-audit --no-fund", dynoEnv({ NODE_ENV: "production" }));
  // What Heroku ships: the production tree must be whole, and the native binding in it.
  treeAfterPrune = await outcome("npm ls --all --omit=dev", dynoEnv({ NODE_ENV: "production" }));
  sqliteAfterPrune = await outcome(
    `node -e "new (require('better-sqlite3'))(':memory:').prepare('SELECT 1').get()"`,
    dynoEnv({ NODE_ENV: "production" }),
  );
  // npm keeps a few devDependencies that production packages name as optional peers (next:
  // @playwright/test; types). Heroku would ship them; removing them here proves no run-time
  // path needs them.
  keptByPrune = devDependencies().filter((name) => existsSync(modulePath(name)));
  for (const name of keptByPrune) rmSync(modulePath(name), { recursive: true, force: true });

  const databaseUrl = await freshDatabase(process.env.PV_TEST_POSTGRES_URL!, "pv_heroku");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = dynoEnv({
    NODE_ENV: "production",
    PORT: String(port),
    // Heroku routes to 0.0.0.0; here the rehearsal stays on loopback.
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    // A public demo: the emulators and the simulated phone are served.
    SANDBOX: "1",
    APP_SECRET: "rehearsal-secret-rehearsal-secret-rehearsal",
    APP_URL: base,
    LOG_LEVEL: "warn",
    // Abuse limits wide open, so that the rehearsal tests the deploy, not a limit.
    ...generousBudgets,
    SMS_AUTH_API_KEYS: API_KEY,
  });
  const { release, web: webCommand } = procfile();
  await run(release!, config);
  // `web` migrates by itself at start too (lib/startup.ts): only a look before it starts shows
  // whether the release command did its work.
  ledgerAfterRelease = await migrationLedger(databaseUrl);
  writeFileSync(logFile, `\n$ ${webCommand}\n`, { flag: "a" });
  web = spawn("sh", ["-c", `exec ${webCommand} >> "${logFile}" 2>&1`], {
    cwd: appDir,
    env: config,
    detached: true,
  });
  await waitForHealth(Date.now() + 2 * MINUTE);
}, 25 * MINUTE);

afterAll(() => {
  if (web?.pid && web.exitCode === null && web.signalCode === null)
    process.kill(-web.pid, "SIGKILL");
  // A whole install and build: deleting it took over 30 s on a busy machine.
  rmSync(dir, { recursive: true, force: true });
}, 5 * MINUTE);

// npm 11 skips install scripts that package.json's allowScripts does not approve, with a
// warning, and better-sqlite3 without its script has no native binding: an install that warns
// is one that breaks at run time on a stricter npm.
test("npm ci prints no warning: every install script it runs is approved", () => {
  expect(installLog).toContain("$ npm ci");
  expect(installLog).not.toMatch(/^npm warn/im);
});

// Only the e2e suite's build skips it (next.config.mjs), `npm test` having checked them just before.
test("the deploy's build checks the types", () => {
  const build = readFileSync(logFile, "utf8").split("$ npm run build")[1]?.split("\n$ ")[0];
  // Next says "Finished TypeScript in 21.3s" after a check; a build that skips it says so, and
  // still "Finished TypeScript config validation".
  expect(build).toMatch(/Finished TypeScript in /);
  expect(build).not.toMatch(/Skipping validation of types/);
});

test("npm ls: the installed tree and the pruned one are both valid", () => {
  // npm ls prints the tree first and its problems last.
  expect(treeAfterInstall, treeAfterInstall?.output.slice(-2000)).toMatchObject({ code: 0 });
  expect(treeAfterPrune, treeAfterPrune?.output.slice(-2000)).toMatchObject({ code: 0 });
});

test("the pruned tree's better-sqlite3 has its native binding: it opens a database", () => {
  // Taken as a prebuild, as on Heroku, not compiled.
  expect(compiledBinding).toBe(false);
  expect(sqliteAfterPrune, sqliteAfterPrune?.output).toMatchObject({ code: 0 });
});

test("the release command applied every migration before web started", () => {
  const expected = journalWhens();
  expect(expected.length).toBeGreaterThan(0);
  expect(ledgerAfterRelease).toEqual(expected);
});

test("the prune removes the build tools and keeps only the devDependencies production may reach", () => {
  for (const tool of ["typescript", "tsx", "vitest", "eslint", "drizzle-kit", "tailwindcss"]) {
    expect(keptByPrune).not.toContain(tool);
  }
  // The lockfile marks `devOptional` what a production package names as an optional peer (next:
  // @playwright/test), or what one of those needs; `dev` what only the build and the tests use.
  // The prune keeps exactly the first kind. (beforeAll then removes them too: that web still
  // runs without them is what the tests below prove.)
  const lock = JSON.parse(readFileSync(path.join(appDir, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const reachable = devDependencies().filter(
    (name) => lock.packages[`node_modules/${name}`]?.devOptional === true,
  );
  expect(reachable.length).toBeGreaterThan(0);
  expect([...keptByPrune].sort()).toEqual(reachable.sort());
  expect(existsSync(modulePath("better-sqlite3"))).toBe(true);
});

test("/api/health: ok, on PostgreSQL, the release's migrations current", async () => {
  const response = await fetch(`${base}/api/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    ok: true,
    dialect: "postgres",
    migrations: { current: true },
  });
});

test("an SMS verification through the seed API, the code read from the simulated phone", async () => {
  const headers = { "content-type": "application/json", authorization: `Bearer ${API_KEY}` };
  const created = await fetch(`${base}/api/sms-auth`, {
    method: "POST",
    headers,
    body: JSON.stringify({ auth_id: "rehearsal", recipient: "12065550123" }),
  });
  expect(created.status).toBe(200);
  const inbox = await fetch(`${base}/api/sandbox/phone/messages?number=%2B12065550123`);
  const { messages } = await inbox.json();
  const code = messages[0].code as string;
  expect(code).toMatch(/^\d{6}$/);
  const checked = await fetch(`${base}/api/sms-auth?auth_id=rehearsal&code=${code}`, {
    headers: { authorization: headers.authorization },
  });
  expect(await checked.json()).toMatchObject({ authenticated: true, auth_id: "rehearsal" });
});

test("SIGTERM, as Heroku sends at a restart: the server finishes and stops cleanly", async () => {
  // Heroku signals every process of the dyno, as this signals the process group. (npm itself
  // dies of the signal; what matters is that the server closes rather than being cut.)
  process.kill(-web!.pid!, "SIGTERM");
  const stopped = () => readFileSync(logFile, "utf8").includes('"message":"stopped"');
  for (let waited = 0; !stopped() && waited < 15_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(readFileSync(logFile, "utf8")).toMatch(
    /"message":"stopping","signal":"SIGTERM"[\s\S]*"message":"stopped"/,
  );
  await expect(fetch(`${base}/api/health`)).rejects.toThrow();
}, 30_000);
