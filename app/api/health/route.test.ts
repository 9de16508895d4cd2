import { afterAll, beforeAll, expect, test } from "vitest";
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
    providers: { flowroute: "sandbox" },
  });
  expect(body.migrations.applied).toBe(body.migrations.expected);
  const text = JSON.stringify(body);
  for (const secret of ["test-secret", "sandbox-secret-key", "sandbox-access-key"])
    expect(text).not.toContain(secret);
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
