import { afterAll, beforeAll, expect, test } from "vitest";
import { getEnv } from "@/lib/env";
import { phonecheckSettings } from "@/lib/methods/phonecheck/settings";
import { smsSettings } from "@/lib/methods/sms/settings";
import { truecallerSettings } from "@/lib/methods/truecaller/settings";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ FLOWROUTE_SECRET_KEY: "" });
});
afterAll(() => app.close());

test("reports the database, the migrations and each provider's mode, and no secret", async () => {
  const response = await fetch(`${app.url}/api/health`);
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({
    ok: true,
    database: "ok",
    migrations: { current: true },
    sandbox: true,
  });
  // Every provider, and no other key: a new provider must be named here to be reported.
  expect(body.providers).toEqual({
    flowroute: "sandbox",
    truecaller: "sandbox",
    truid: "sandbox",
  });
  expect(body.migrations.applied).toBe(body.migrations.expected);
  // Every credential the sandboxed providers run with (the Flowroute keys, Truecaller's app key,
  // tru.ID's client id and secret) and the app's own secret, as the app reads them.
  const [sms, truecaller, phonecheck] = [
    smsSettings.read(),
    truecallerSettings.read(),
    phonecheckSettings.read(),
  ];
  const secrets = [
    getEnv().APP_SECRET,
    sms.FLOWROUTE_SANDBOX_ACCESS_KEY,
    sms.FLOWROUTE_SANDBOX_SECRET_KEY,
    truecaller.TRUECALLER_SANDBOX_APP_KEY,
    phonecheck.TRUID_SANDBOX_CLIENT_ID,
    phonecheck.TRUID_SANDBOX_CLIENT_SECRET,
  ];
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
});

test("with the sandbox off and no credentials, the provider is unconfigured", async () => {
  const { reloadEnv } = await import("@/lib/env");
  process.env.SANDBOX = "0";
  reloadEnv();
  try {
    const body = await (await fetch(`${app.url}/api/health`)).json();
    expect(body.providers.flowroute).toBe("unconfigured");
  } finally {
    process.env.SANDBOX = "1";
    reloadEnv();
  }
});
