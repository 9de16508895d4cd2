import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomId } from "@/lib/crypto";
import { getEnv } from "@/lib/env";

let devSecret: string | undefined;

/**
 * The server secret behind code HMACs and signed cookies. Production requires APP_SECRET
 * (env.ts refuses to start without it); a development checkout gets a random one, kept
 * beside the database so that restarts keep sessions and pending codes valid.
 */
export function appSecret(): string {
  const env = getEnv();
  if (env.APP_SECRET) return env.APP_SECRET;
  if (devSecret) return devSecret;
  const file = path.join(path.dirname(path.resolve(env.DATABASE_PATH)), ".dev-secret");
  if (existsSync(file)) {
    devSecret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    devSecret = randomId(32);
    writeFileSync(file, devSecret, { mode: 0o600 });
  }
  return devSecret;
}
