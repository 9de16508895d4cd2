// The processes `npm run bench` runs: a production build, the Flowroute stub, `next start`, and
// a sampler of the server's resident memory.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const NEXT_BIN = path.join("node_modules", "next", "dist", "bin", "next");

export function build(): void {
  if (existsSync(path.join(DIST, "BUILD_ID"))) return;
  console.log(`No build in ${DIST}: building…`);
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

/** Flowroute's API, out of process (scripts/flowroute-stub.mjs); resolves with its base URL. */
export async function startFlowrouteStub(): Promise<{ url: string; process: ChildProcess }> {
  const stub = spawn(process.execPath, [path.join("scripts", "flowroute-stub.mjs"), "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    stub.stdout!.once("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
      else reject(new Error(`the Flowroute stub said: ${chunk.toString()}`));
    });
    stub.once("exit", (code) => reject(new Error(`the Flowroute stub exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: stub };
}

/** `npm start`'s command (package.json), whose first word must be `node`: its arguments. */
function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = scripts.start!.trim().split(/\s+/);
  if (command !== "node") throw new Error(`"start" should run node: ${scripts.start}`);
  return args;
}

/**
 * The server as `npm start` runs it (the Procfile's web command), without npm in between, so
 * that the pid whose memory is sampled is the server's. `nodeArgs`: e.g. ["--cpu-prof"].
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-bench-"));
  const server = spawn(process.execPath, [...nodeArgs, ...startArguments()], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: path.join(dir, "app.db"),
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  });
  // The throwaway database goes with the server (a run writes tens of megabytes).
  server.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return server;
    } catch {
      // not up yet
    }
    if (server.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not start");
}

/** Resident memory of a process and its descendants, in bytes (Linux /proc; else `ps`). */
function rssOf(pid: number): number {
  if (!existsSync("/proc")) {
    const ps = spawnSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" });
    return Number(ps.stdout.trim()) * 1024 || 0;
  }
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop()!;
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
    queue.push(...(children.get(current) ?? []));
  }
  return total;
}

/**
 * CPU time a process has used so far (user + system), in ms; undefined without Linux's /proc.
 * Per request, it is steadier than throughput on a shared machine: a slow minute slows the
 * load generator and the server alike, but a request's work stays the same.
 */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Samples a process's memory every 250 ms until stopped; the peak, in MiB. */
export function sampleRss(pid: number): { peakMiB(): number; stop(): void } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 250);
  return {
    peakMiB: () => Math.round(peak / 2 ** 20),
    stop: () => clearInterval(timer),
  };
}
