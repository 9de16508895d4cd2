// npm run bench – load-tests the production server as a deploy runs it, and prints, per case,
// req/s, p50 and p99 latency and the ratio to a route that answers a small JSON body and does
// nothing else (/api/ping/json), measured in the same run; and the server's peak memory.
//
// Builds the app when there is no build, starts a stand-in for Flowroute in its own process
// (scripts/flowroute-stub.mjs) and `next start` with real Flowroute settings pointing at it (the
// sandbox off, a throwaway SQLite file, or PostgreSQL when DATABASE_URL is set), then runs
// autocannon against 127.0.0.1: 32 connections, 5 s of warm-up per case, then 10 s per round, the
// cases taking turns for five rounds; medians reported, each ratio the median of the rounds' own
// ratios.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { build, cpuMsOf, sampleRss, startFlowrouteStub, startServer } from "./bench-processes";
import { generousBudgets } from "../lib/testing/budgets";

type Result = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  /** Answers whose body was not the one the case expects (`verifyBody`). */
  mismatches: number;
};
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_UP_S = 5;
const PRECREATED = 2000;
// For profiling: extra node flags for the server (e.g. "--cpu-prof --cpu-prof-dir=bench-results"),
// and the cases to run (substrings of their names, comma-separated; the reference always runs).
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const ONLY = (process.env.BENCH_CASES ?? "").split(",").filter(Boolean);
const API_KEY = "bench-api-key-0123456789";
const SEED_API_HEADERS = { "content-type": "application/json", authorization: `Bearer ${API_KEY}` };
const RSS_LIMIT_MIB = 350;

// Generous values for every abuse limit, so that the bench measures the work, not a refusal.
// The failure budget stays at its ceiling (100 wrong codes per number): no number locks during a
// run, so every wrong guess is claimed and counted, the costliest answer short of a success.
const UNLIMITED = {
  ...generousBudgets,
  PHONECHECK_STARTS_PER_HOUR: "10000000",
  MAX_FAILURES_PER_NUMBER: "100",
};

function serverEnv(flowrouteUrl: string): Record<string, string> {
  return {
    SANDBOX: "0",
    APP_URL: BASE,
    APP_SECRET: "bench-secret-bench-secret-bench-secret-00",
    LOG_LEVEL: "error",
    // Real Flowroute, as in production, at the stub.
    FLOWROUTE_ACCESS_KEY: "bench-access-key",
    FLOWROUTE_SECRET_KEY: "bench-secret-key",
    FLOWROUTE_NUMBER: "12065550100",
    FLOWROUTE_BASE_URL: flowrouteUrl,
    // The seed API asks for a key once a real provider is configured.
    SMS_AUTH_API_KEYS: API_KEY,
    // An attacker's steady state: many guesses per entry, many codes per number.
    RETRIES_ALLOWED: "100",
    SMS_SENDS_PER_PHONE_PER_HOUR: "1000",
    SMS_MAX_SENDS: "20",
    ...UNLIMITED,
  };
}

async function seedEntries(): Promise<{ authIds: string[]; statusPath: string; cookie: string }> {
  const authIds: string[] = [];
  for (let i = 0; i < PRECREATED; i += 8) {
    await Promise.all(
      Array.from({ length: 8 }, async (_, j) => {
        const authId = `bench-verify-${i + j}`;
        const response = await fetch(`${BASE}/api/sms-auth`, {
          method: "POST",
          headers: SEED_API_HEADERS,
          // Last four digits from 2000 up: valid numbers, one per entry.
          body: JSON.stringify({ auth_id: authId, recipient: `1206557${2000 + i + j}` }),
        });
        if (response.status !== 200) {
          throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
        }
        authIds.push(authId);
      }),
    );
  }
  const started = await fetch(`${BASE}/api/verifications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ method: "sms", phone: "+12065589999" }),
  });
  if (started.status !== 201) throw new Error(`start failed: ${started.status}`);
  const cookie = started.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { verification } = (await started.json()) as { verification: { id: string } };
  return { authIds, statusPath: `/api/verifications/${verification.id}`, cookie };
}

type Case = {
  name: string;
  target?: number;
  /** Its answers are 4xx by design (a wrong code): not counted as failures. */
  refused?: true;
  /** Text every answer's body must contain: a fast wrong answer must not pass for the work. */
  expect: string;
  options: () => Record<string, unknown>;
};

function cases(seed: Awaited<ReturnType<typeof seedEntries>>): Case[] {
  let created = 0;
  let guessed = 0;
  return [
    // The reference: the same framework answering a small JSON body and doing nothing else.
    {
      name: "JSON answer, no work (/api/ping/json)",
      expect: '{"ok":true}',
      options: () => ({ url: `${BASE}/api/ping/json` }),
    },
    {
      name: "seed API create (POST /api/sms-auth)",
      target: 0.5,
      expect: "Success: Verification code created.",
      options: () => ({
        url: `${BASE}/api/sms-auth`,
        method: "POST",
        headers: SEED_API_HEADERS,
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
      target: 0.75,
      refused: true,
      // A wrong code for an entry with guesses left, not an entry used up (also a 400).
      expect: '"reason":"InvalidAuthCode"',
      options: () => ({
        url: BASE,
        headers: { authorization: `Bearer ${API_KEY}` },
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
      target: 0.75,
      expect: '"status":"pending"',
      options: () => ({ url: `${BASE}${seed.statusPath}`, headers: { cookie: seed.cookie } }),
    },
  ];
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const medianOfKnown = (values: (number | undefined)[]) => {
  const known = values.filter((value) => value !== undefined);
  return known.length > 0 ? median(known) : undefined;
};

async function run(
  seed: Awaited<ReturnType<typeof seedEntries>>,
  serverPid: number,
  stubPid: number,
) {
  const list = cases(seed).filter(
    (entry, index) => index === 0 || ONLY.length === 0 || ONLY.some((n) => entry.name.includes(n)),
  );
  const rounds = list.map(() => [] as Result[]);
  // Per case, per round (undefined where /proc could not be read).
  const cpuPerRequest = list.map(() => [] as (number | undefined)[]);
  const stubCpuPerRequest = list.map(() => [] as (number | undefined)[]);
  // A deploy serves from warm code: each case first runs unmeasured, long enough for V8 to
  // compile its path (without it, the first round of create cost a third more than the rest).
  const load = (entry: Case, duration: number) => ({
    ...entry.options(),
    connections: CONNECTIONS,
    duration,
    verifyBody: (body: string) => body.includes(entry.expect),
  });
  for (const entry of list) await autocannon(load(entry, WARM_UP_S));
  // The cases take turns, so that a slow minute of a shared machine hits all of them.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, entry] of list.entries()) {
      const cpuBefore = cpuMsOf(serverPid);
      const stubBefore = cpuMsOf(stubPid);
      const result = await autocannon(load(entry, DURATION_S));
      const cpuAfter = cpuMsOf(serverPid);
      const stubAfter = cpuMsOf(stubPid);
      rounds[index]!.push(result);
      const perRequest = (before?: number, after?: number) =>
        before === undefined || after === undefined || result.requests.total === 0
          ? undefined
          : ((after - before) * 1000) / result.requests.total;
      cpuPerRequest[index]!.push(perRequest(cpuBefore, cpuAfter));
      stubCpuPerRequest[index]!.push(perRequest(stubBefore, stubAfter));
    }
  }
  // Each round's case is compared with the same round's reference, a few seconds apart, and
  // the median of those ratios is reported: a slow minute of the machine then weighs on both
  // sides of a ratio instead of on one.
  const pairedRatio = (of: (round: number) => number | undefined) => {
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const ratio = of(round);
      if (ratio !== undefined && Number.isFinite(ratio)) ratios.push(ratio);
    }
    return ratios.length > 0 ? Math.round(median(ratios) * 100) / 100 : undefined;
  };
  return list.map((entry, index) => {
    const results = rounds[index]!;
    const reqPerSec = median(results.map((r) => r.requests.average));
    const p50Ms = median(results.map((r) => r.latency.p50));
    const p99Ms = median(results.map((r) => r.latency.p99));
    const ratio = pairedRatio(
      (round) => results[round]!.requests.average / rounds[0]![round]!.requests.average,
    )!;
    const tailRatio = Math.round((p99Ms / Math.max(1, p50Ms)) * 10) / 10;
    const cpu = medianOfKnown(cpuPerRequest[index]!);
    // The reference's CPU per request divided by the case's: what the ratio would be if the
    // server alone set the pace.
    const cpuRatio = pairedRatio((round) => {
      const reference = cpuPerRequest[0]![round];
      const own = cpuPerRequest[index]![round];
      return reference === undefined || own === undefined ? undefined : reference / own;
    });
    const stubCpu = medianOfKnown(stubCpuPerRequest[index]!);
    const met = entry.target === undefined || (ratio >= entry.target && tailRatio < 4);
    return {
      case: entry.name,
      reqPerSec: Math.round(reqPerSec),
      p50Ms,
      p99Ms,
      ratio,
      "p99/p50": tailRatio,
      cpuUs: cpu === undefined ? "" : Math.round(cpu),
      cpuRatio: cpuRatio ?? "",
      // What the Flowroute stand-in spent per request on the same cores (production's Flowroute
      // is another company's machine): part of why create's ratio is lower than its cpuRatio.
      // (Below 5 µs it is a clock tick of the idle stub: the case does not call it.)
      stubCpuUs: stubCpu === undefined || stubCpu < 5 ? "" : Math.round(stubCpu),
      target: entry.target === undefined ? "(reference)" : `≥ ${entry.target}×, p99 < 4× p50`,
      met: entry.target === undefined ? "" : met ? "met" : "missed",
      failures: results.reduce(
        (sum, r) => sum + r.errors + r.mismatches + (entry.refused ? 0 : r.non2xx),
        0,
      ),
    };
  });
}

async function main() {
  build();
  const stub = await startFlowrouteStub();
  const server = await startServer(PORT, serverEnv(stub.url), NODE_ARGS);
  const memory = sampleRss(server.pid!);
  try {
    const seed = await seedEntries();
    const rows = await run(seed, server.pid!, stub.process.pid!);
    memory.stop();
    const peakRssMiB = memory.peakMiB();
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const database = process.env.DATABASE_URL ? "PostgreSQL" : "SQLite";
    console.log(
      `\n${database}, ${machine}; ${CONNECTIONS} connections, ${DURATION_S} s, median of ${ROUNDS} rounds\n`,
    );
    console.table(rows);
    const rssMet = peakRssMiB < RSS_LIMIT_MIB ? "met" : "missed";
    console.log(`Peak RSS of the server: ${peakRssMiB} MiB (target < ${RSS_LIMIT_MIB}: ${rssMet})`);
    mkdirSync("bench-results", { recursive: true });
    const file = path.join(
      "bench-results",
      `bench-${database.toLowerCase()}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
    );
    const report = {
      database,
      machine,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      peakRssMiB,
      rows,
    };
    writeFileSync(file, JSON.stringify({ durationSeconds: DURATION_S, ...report }, null, 2));
    console.log(`\nWritten to ${file}`);
  } finally {
    memory.stop();
    server.kill("SIGTERM");
    stub.process.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
