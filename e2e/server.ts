import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Another instance of the production build (`npm start`), for specs that need settings of their
// own: it shares the build with the suite's server, not its database, which goes when it stops.

export type Server = { url: string; stop(): void };

export async function startServer(port: number, env: Record<string, string>): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-e2e-"));
  const child: ChildProcess = spawn("node", ["scripts/serve.mjs"], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-e2e",
      NODE_ENV: "production",
      SANDBOX: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      APP_SECRET: "e2e-server-secret-e2e-server-secret-0123",
      DATABASE_PATH: path.join(dir, "app.db"),
      LOG_LEVEL: "error",
      ...env,
    },
  });
  await waitFor(async () => (await fetch(`${url}/api/health`)).ok);
  child.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return { url, stop: () => child.pid && process.kill(-child.pid, "SIGTERM") };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
