// npm run bench – load-tests the production server on this machine and prints, per case,
// req/s, p50 and p99 latency and the ratio to an empty route of the same server (and to a
// route that answers a small JSON body and does nothing else).
//
// Builds the app when there is no build, starts `next start` (sandbox on, a throwaway
// SQLite file, or PostgreSQL when DATABASE_URL is set), then runs autocannon against
// 127.0.0.1: 32 connections, 10 s, three rounds per case, medians reported.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

type Result = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
};
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const PRECREATED = 2000;

function build() {
  if (existsSync(path.join(DIST, "BUILD_ID"))) return;
  console.log(`No build in ${DIST}: building…`);
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_DIST_DIR: DIST },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

async function startServer(): Promise<ChildProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-bench-"));
  const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST,
      NODE_ENV: "production",
      SANDBOX: "1",
      PORT: String(PORT),
      APP_URL: BASE,
      APP_SECRET: "bench-secret-bench-secret-bench-secret-00",
      DATABASE_PATH: path.join(dir, "app.db"),
      LOG_LEVEL: "error",
      // An attacker's steady state: many guesses per entry, many codes per number.
      RETRIES_ALLOWED: "100",
      SMS_SENDS_PER_PHONE_PER_HOUR: "1000",
      SMS_MAX_SENDS: "20",
    },
  });
  for (let i = 0; i < 120; i += 1) {
    try {
      if ((await fetch(`${BASE}/api/ping`)).status === 204) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not start");
}

async function seedEntries(): Promise<{ authIds: string[]; statusPath: string; cookie: string }> {
  const authIds: string[] = [];
  for (let i = 0; i < PRECREATED; i += 8) {
    await Promise.all(
      Array.from({ length: 8 }, async (_, j) => {
        const authId = `bench-verify-${i + j}`;
        const response = await fetch(`${BASE}/api/sms-auth`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            auth_id: authId,
            // Last four digits from 2000 up: clear of the sandbox's number rules (README).
            recipient: `1206557${2000 + i + j}`,
          }),
        });
        if (response.status !== 200) throw new Error(`seeding failed: ${response.status}`);
        authIds.push(authId);
      }),
    );
  }
  const started = await fetch(`${BASE}/api/verifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ method: "sms", phone: "+12065589999" }),
  });
  const cookie = started.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { verification } = (await started.json()) as { verification: { id: string } };
  return { authIds, statusPath: `/api/verifications/${verification.id}`, cookie };
}

type Case = { name: string; options: () => Record<string, unknown> };

function cases(seed: Awaited<ReturnType<typeof seedEntries>>): Case[] {
  let created = 0;
  let guessed = 0;
  return [
    { name: "empty route (/api/ping)", options: () => ({ url: `${BASE}/api/ping` }) },
    // Not a target: the same framework answering a small JSON body, for reading the others.
    {
      name: "JSON answer, no work (/api/ping/json)",
      options: () => ({ url: `${BASE}/api/ping/json` }),
    },
    {
      name: "seed API create (POST /api/sms-auth)",
      options: () => ({
        url: `${BASE}/api/sms-auth`,
        method: "POST",
        headers: { "content-type": "application/json" },
        setupClient: (client: {
          setBody(body: string): void;
          on(event: string, fn: () => void): void;
        }) => {
          const next = () => {
            created += 1;
            client.setBody(
              JSON.stringify({
                auth_id: `bench-create-${created}`,
                recipient: `1206556${2000 + (created % 8000)}`,
              }),
            );
          };
          next();
          client.on("response", next);
        },
      }),
    },
    {
      name: "seed API verify, wrong code (GET /api/sms-auth)",
      options: () => ({
        url: BASE,
        requests: [
          {
            method: "GET",
            setupRequest: (request: Record<string, unknown>) => {
              guessed += 1;
              const authId = seed.authIds[guessed % seed.authIds.length];
              return { ...request, path: `/api/sms-auth?auth_id=${authId}&code=0000000` };
            },
          },
        ],
      }),
    },
    {
      name: "status polling (GET /api/verifications/:id)",
      options: () => ({ url: `${BASE}${seed.statusPath}`, headers: { cookie: seed.cookie } }),
    },
  ];
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  build();
  const server = await startServer();
  try {
    const seed = await seedEntries();
    const rows: {
      case: string;
      reqPerSec: number;
      p50Ms: number;
      p99Ms: number;
      ratio: number;
      ratioToJson: number;
      errors: number;
    }[] = [];
    for (const entry of cases(seed)) {
      const rounds: Result[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        rounds.push(
          await autocannon({ ...entry.options(), connections: CONNECTIONS, duration: DURATION_S }),
        );
      }
      rows.push({
        case: entry.name,
        reqPerSec: Math.round(median(rounds.map((r) => r.requests.average))),
        p50Ms: median(rounds.map((r) => r.latency.p50)),
        p99Ms: median(rounds.map((r) => r.latency.p99)),
        ratio: 0,
        ratioToJson: 0,
        errors: rounds.reduce((sum, r) => sum + r.errors, 0),
      });
    }
    const ceiling = rows[0]!.reqPerSec;
    const jsonCeiling = rows[1]!.reqPerSec;
    for (const row of rows) {
      row.ratio = Math.round((row.reqPerSec / ceiling) * 100) / 100;
      row.ratioToJson = Math.round((row.reqPerSec / jsonCeiling) * 100) / 100;
    }
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const database = process.env.DATABASE_URL ? "PostgreSQL" : "SQLite";
    console.log(
      `\n${database}, ${machine}; ${CONNECTIONS} connections, ${DURATION_S} s, median of ${ROUNDS} rounds\n`,
    );
    console.table(
      rows.map((row, index) => ({
        ...row,
        // Targets (issue 5): at least 0.9x the empty route, and p99 under 60 ms.
        target: index < 2 ? "(reference)" : row.ratio >= 0.9 && row.p99Ms < 60 ? "met" : "missed",
      })),
    );
    mkdirSync("bench-results", { recursive: true });
    const file = path.join(
      "bench-results",
      `bench-${database.toLowerCase()}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
    );
    writeFileSync(
      file,
      JSON.stringify(
        {
          database,
          machine,
          connections: CONNECTIONS,
          durationSeconds: DURATION_S,
          rounds: ROUNDS,
          rows,
        },
        null,
        2,
      ),
    );
    console.log(`\nWritten to ${file}`);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
