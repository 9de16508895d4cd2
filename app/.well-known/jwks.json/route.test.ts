import { afterAll, beforeAll, expect, test } from "vitest";
import { signResultToken } from "@/lib/sessions/signing";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test("serves the signing keys' public halves as a cacheable JWKS", async () => {
  const { token } = await signResultToken({
    aud: "acme",
    phone: "+12065550123",
    method: "sms",
    sessionId: "ses_1",
    reference: null,
  });
  const response = await fetch(`${app.url}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(response.headers.get("cache-control")).toBe("public, max-age=300");
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  const body = await response.json();
  const kid = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid;
  expect(body).toEqual({
    keys: [
      {
        kty: "EC",
        crv: "P-256",
        x: expect.any(String),
        y: expect.any(String),
        kid,
        alg: "ES256",
        use: "sig",
      },
    ],
  });
});
