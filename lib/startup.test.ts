import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { PEER_TOKEN_ENV } from "@/lib/api/client-ip";
import { closeDb } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { printedWarnings } from "@/lib/testing/logs";
import { startup, warnOfRefusedWebhookUrls } from "./startup";

afterEach(() => {
  delete process.env.CODE_LENGTH;
  vi.restoreAllMocks();
});

test("an invalid setting stops the app at start, naming the variable and what it accepts", async () => {
  process.env.CODE_LENGTH = "three";
  const exit = vi.spyOn(process, "exit").mockImplementation(() => {
    throw new Error("exited");
  });
  const printed: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: string) => void printed.push(line));
  await expect(startup()).rejects.toThrowError("exited");
  expect(exit).toHaveBeenCalledWith(1);
  expect(printed.join("\n")).toContain("CODE_LENGTH: expected a whole number from 4 to 10");
});

describe("in production, a server that cannot tell client addresses apart says so once", () => {
  const settings = [
    "NODE_ENV",
    "APP_SECRET",
    "DATABASE_PATH",
    "PURGE_INTERVAL",
    "WEBHOOK_INTERVAL",
  ];
  const extra = ["TRUST_PROXY", PEER_TOKEN_ENV, "LOG_LEVEL"];
  const saved = Object.fromEntries(
    [...settings, ...extra].map((name) => [name, process.env[name]]),
  );
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "phone-verify-startup-"));
    Object.assign(process.env, {
      NODE_ENV: "production",
      APP_SECRET: "startup-secret-startup-secret-0123456789",
      DATABASE_PATH: path.join(dir, "app.db"),
      PURGE_INTERVAL: "0",
      WEBHOOK_INTERVAL: "0",
      LOG_LEVEL: "warn",
    });
    for (const name of extra.slice(0, 2)) delete process.env[name];
  });
  afterEach(async () => {
    await closeDb();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    reloadEnv();
    rmSync(dir, { recursive: true, force: true });
  });

  async function warnings(): Promise<string[]> {
    reloadEnv();
    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void printed.push(line));
    await startup();
    return printed.filter((line) => line.includes("client addresses are unknown"));
  }

  test("not under our server and with no proxy to believe: one warning", async () => {
    const lines = await warnings();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn" });
    expect(lines[0]).toContain("share one per-address budget");
  });

  test("under our server (npm start), or with TRUST_PROXY, no warning", async () => {
    process.env[PEER_TOKEN_ENV] = "a-token-our-server-made-at-start";
    expect(await warnings()).toEqual([]);
    delete process.env[PEER_TOKEN_ENV];
    process.env.TRUST_PROXY = "1";
    expect(await warnings()).toEqual([]);
  });

  test("outside production, no warning", async () => {
    Object.assign(process.env, { NODE_ENV: "development" });
    expect(await warnings()).toEqual([]);
  });
});

describe("a webhook URL that no delivery would reach is said at start", () => {
  const names = [
    "NODE_ENV",
    "APP_URL",
    "API_KEYS",
    "API_KEY_ORIGINS",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_ALLOW_PRIVATE",
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeEach(() => {
    Object.assign(process.env, {
      API_KEYS: `shop:${"s".repeat(32)}`,
      API_KEY_ORIGINS: "https://shop.example",
      WEBHOOK_URL: "http://localhost:3999/hook",
      WEBHOOK_SECRET: `whsec_${Buffer.from("k".repeat(32)).toString("base64")}`,
    });
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    reloadEnv();
  });

  test("localhost without WEBHOOK_ALLOW_PRIVATE: a warning naming the key and the way out", async () => {
    const warnings = printedWarnings();
    await warnOfRefusedWebhookUrls(reloadEnv());
    expect(warnings()).toEqual([
      expect.objectContaining({
        keyId: "shop",
        url: "http://localhost:3999/hook",
        message: expect.stringMatching(/key "shop".*not a public address.*WEBHOOK_ALLOW_PRIVATE=1/),
      }),
    ]);
  });

  test("with WEBHOOK_ALLOW_PRIVATE=1, nothing to say", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    const warnings = printedWarnings();
    await warnOfRefusedWebhookUrls(reloadEnv());
    expect(warnings()).toEqual([]);
  });
});
