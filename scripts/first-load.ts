// npm run bench:first-load – the first-load JavaScript of the start page, a verification's page
// and the simulated phone, against an empty page of the same build (scripts/first-load-measure.ts),
// as a browser transfers it (gzip). Target: the start page and the verification's page at most
// 1.25 times the empty page. Builds the app when there is no build; serves it with the sandbox
// on (the empty page and /sandbox exist only then) and a throwaway SQLite file.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generousBudgets } from "../lib/testing/budgets";
import { build, startServer } from "./bench-processes";
import { FIRST_LOAD_LIMIT, measureFirstLoad } from "./first-load-measure";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function main() {
  build();
  const server = await startServer(PORT, {
    SANDBOX: "1",
    APP_URL: BASE,
    APP_SECRET: "first-load-secret-first-load-secret-000",
    LOG_LEVEL: "error",
    ...generousBudgets,
  });
  try {
    const { pages, baseline } = await measureFirstLoad(BASE);
    const rows = [...pages, baseline].map((page) => ({
      page: page.path.replace(/^\/verify\/.+/, "/verify/<id>"),
      scripts: page.scripts.length,
      "KiB (gzip)": kb(page.bytes),
      ratio: (page.bytes / baseline.bytes).toFixed(2),
    }));
    console.table(rows);
    mkdirSync("bench-results", { recursive: true });
    const file = path.join("bench-results", `first-load-${new Date().toISOString()}.json`);
    writeFileSync(file, JSON.stringify({ limit: FIRST_LOAD_LIMIT, rows }, null, 2));
    console.log(`written to ${file}`);
    const over = pages
      .filter((page) => page.path === "/" || page.path.startsWith("/verify/"))
      .filter((page) => page.bytes > baseline.bytes * FIRST_LOAD_LIMIT);
    if (over.length > 0) {
      console.error(`over ${FIRST_LOAD_LIMIT}× the empty page: ${over.map((page) => page.path)}`);
      process.exitCode = 1;
    }
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
