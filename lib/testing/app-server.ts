import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb, ensureMigrated } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { resetClock } from "@/lib/clock";
import { PEER_HEADER, PEER_TOKEN_ENV, PEER_TOKEN_HEADER } from "@/lib/api/client-ip";
import { generousBudgets } from "./budgets";
import { freshDatabase } from "./postgres";

// Serves the app's real route handlers (every app/api/**/route.ts) over real HTTP on
// 127.0.0.1, with a fresh SQLite file and the sandbox on. Clients under test talk to the
// emulators through it exactly as they would to `next start`, without a build.

type RouteModule = Record<string, unknown>;
type Route = {
  pattern: RegExp;
  names: { name: string; catchAll: boolean }[];
  file: string;
  dynamic: number;
  segments: number;
};

const root = process.cwd();

function discoverRoutes(): Route[] {
  const apiDir = path.join(root, "app", "api");
  const files = (readdirSync(apiDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(`${path.sep}route.ts`) || file === "route.ts")
    .map((file) => path.join(apiDir, file));
  // Also the guide-compatible aliases outside app/api (e.g. app/auth/true-sdk/route.ts).
  const others = (readdirSync(path.join(root, "app"), { recursive: true }) as string[])
    .filter((file) => file.endsWith("route.ts") && !file.startsWith(`api${path.sep}`))
    .map((file) => path.join(root, "app", file));
  const routes = [...files, ...others].map((file) => {
    const segments = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
    const names: Route["names"] = [];
    let dynamic = 0;
    const source = segments
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .map((segment) => {
        const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
        if (catchAll) {
          names.push({ name: catchAll[1]!, catchAll: true });
          dynamic += 2;
          return "(.+)";
        }
        const param = /^\[(.+)\]$/.exec(segment);
        if (param) {
          names.push({ name: param[1]!, catchAll: false });
          dynamic += 1;
          return "([^/]+)";
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    return {
      pattern: new RegExp(`^/${source}/?$`),
      names,
      file,
      dynamic,
      segments: segments.length,
    };
  });
  // As Next ranks them: fewer dynamic segments first, and among equals the deeper route
  // (app/api/sandbox/flowroute/[...path] before the app/api/[...path] that answers 404s).
  return routes.sort((a, b) => a.dynamic - b.dynamic || b.segments - a.segments);
}

/**
 * `peerToken`: what scripts/serve.mjs does in production, the connection's address with this
 * server's token, never the client's word; undefined: what `next start` does, the client's
 * headers as it sent them.
 */
async function toRequest(
  req: IncomingMessage,
  origin: string,
  peerToken: string | undefined,
): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  if (peerToken) {
    headers.set(PEER_HEADER, req.socket.remoteAddress ?? "");
    headers.set(PEER_TOKEN_HEADER, peerToken);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && chunks.length > 0;
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function writeResponse(res: ServerResponse, response: Response) {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export type TestApp = { url: string; dir: string; close(): Promise<void> };

// The environment the test process started with: each app starts from it, so that one app's
// settings (a low budget, an API key) do not leak into the next one's.
const initialEnv = { ...process.env };

export type TestAppOptions = {
  /**
   * Whether the app runs under our own server (scripts/serve.mjs, the default), which tells it
   * each connection's address; false: as under `next start`, where nobody does.
   */
  ourServer?: boolean;
};

/**
 * One app at a time, for a suite whose tests each start it with settings of their own:
 * `start(env)` closes the app running and starts another; `url` is the running one's. The last
 * is closed after the suite.
 */
export function appPerTest() {
  let app: TestApp | undefined;
  afterAll(() => app?.close());
  return {
    async start(env: Record<string, string> = {}, options?: TestAppOptions): Promise<TestApp> {
      await app?.close();
      app = await startTestApp(env, options);
      return app;
    },
    get url(): string {
      if (!app) throw new Error("no app started yet: call start() first");
      return app.url;
    },
  };
}

export async function startTestApp(
  env: Record<string, string> = {},
  { ourServer = true }: TestAppOptions = {},
): Promise<TestApp> {
  const peerToken = ourServer ? randomBytes(32).toString("base64url") : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), "phone-verify-test-"));
  const routes = discoverRoutes();
  const modules = new Map<string, Promise<RouteModule>>();
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", origin);
      const match = routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).find((x) => x.m);
      if (!match || !match.m) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { code: "not_found", message: "No such route." } }));
        return;
      }
      if (!modules.has(match.r.file)) modules.set(match.r.file, import(match.r.file));
      const mod = await modules.get(match.r.file)!;
      const handler = mod[req.method ?? "GET"];
      if (typeof handler !== "function") {
        res.statusCode = 405;
        res.end();
        return;
      }
      // As Next gives them: a catch-all segment is the list of its path segments.
      const params = Object.fromEntries(
        match.r.names.map(({ name, catchAll }, i) => {
          const raw = match.m![i + 1]!;
          return [
            name,
            catchAll ? raw.split("/").map(decodeURIComponent) : decodeURIComponent(raw),
          ];
        }),
      );
      const request = await toRequest(req, origin, peerToken);
      const response = (await handler(request, { params: Promise.resolve(params) })) as Response;
      await writeResponse(res, response);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  // Idle connections are left to the client to close (undici closes its own; close() ends the
  // rest). The tests share this server's event loop: one that held it past Node's idle timeout
  // let the server reset a connection the next request had just been written on (ECONNRESET).
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  process.env = { ...initialEnv };
  Object.assign(process.env, {
    NODE_ENV: "test",
    SANDBOX: "1",
    APP_SECRET: "test-secret-test-secret-test-secret-0123",
    APP_URL: origin,
    DATABASE_PATH: path.join(dir, "app.db"),
    LOG_LEVEL: "error",
    // Every test runs from 127.0.0.1; the budgets' own tests set them low again.
    ...generousBudgets,
    ...(peerToken ? { [PEER_TOKEN_ENV]: peerToken } : {}),
    ...env,
  });
  await closeDb();
  // With DATABASE_URL set (PostgreSQL), each test app gets a database of its own on that server.
  if (process.env.DATABASE_URL)
    process.env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL);
  reloadEnv();
  resetClock();
  await ensureMigrated();
  return {
    url: origin,
    dir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDb();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
