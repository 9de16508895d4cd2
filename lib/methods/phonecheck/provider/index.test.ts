import { afterEach, describe, expect, test } from "vitest";
import { reloadEnv } from "@/lib/env";
import { truidConfig } from "./";

// Which tru.ID the app talks to: the data residency's host with real credentials, the app's own
// emulator in the sandbox, or none.

const saved = { ...process.env };

function withEnv(values: Record<string, string | undefined>) {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("TRUID_") || name === "SANDBOX" || name === "APP_URL")
      delete process.env[name];
  }
  Object.assign(process.env, { NODE_ENV: "test", ...values });
  reloadEnv();
  return truidConfig();
}

afterEach(() => {
  process.env = { ...saved };
  reloadEnv();
});

describe("truidConfig", () => {
  test.each(["eu", "in", "us"])("real credentials in %s: https://%s.api.tru.id", (residency) => {
    expect(
      withEnv({
        TRUID_CLIENT_ID: "id",
        TRUID_CLIENT_SECRET: "secret",
        TRUID_DATA_RESIDENCY: residency,
      }),
    ).toMatchObject({
      sandbox: false,
      baseUrl: `https://${residency}.api.tru.id`,
      clientId: "id",
      clientSecret: "secret",
      version: "v0.2",
    });
  });

  test("TRUID_BASE_URL overrides the residency; the version and callback come from settings", () => {
    expect(
      withEnv({
        TRUID_CLIENT_ID: "id",
        TRUID_CLIENT_SECRET: "secret",
        TRUID_BASE_URL: "https://truid.internal.example/",
        TRUID_PHONECHECK_VERSION: "v0.1",
        TRUID_CALLBACK_URL: "https://app.example/api/phone-check/callback",
        TRUID_TIMEOUT_MS: "1234",
      }),
    ).toMatchObject({
      baseUrl: "https://truid.internal.example",
      version: "v0.1",
      callbackUrl: "https://app.example/api/phone-check/callback",
      timeoutMs: 1234,
    });
  });

  test("no credentials, sandbox on: the app's own emulator with the sandbox credentials", () => {
    expect(withEnv({ SANDBOX: "1", APP_URL: "https://demo.example" })).toMatchObject({
      sandbox: true,
      baseUrl: "https://demo.example/api/sandbox/tru-id",
      clientId: "sandbox-truid-client-id",
      clientSecret: "sandbox-truid-client-secret",
    });
  });

  test("no credentials, sandbox off: unavailable", () => {
    expect(withEnv({ SANDBOX: "0" })).toBeUndefined();
  });
});
