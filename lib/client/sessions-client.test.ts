import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader, errors } from "jose";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import type { SessionView as ServedSessionView } from "@/lib/core/session-view";
import { reloadEnv } from "@/lib/env";
import { signResultToken } from "@/lib/sessions/signing";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import {
  SessionsApiError,
  type SessionView,
  sessionsClient,
  verifyWebhook,
  WebhookVerificationError,
} from "./sessions-client";

// The client stands alone (an app copies it), so it spells the session out itself; the type
// checker holds it to what the API serves.
test("the client's session is the session the API serves, field for field", () => {
  expectTypeOf<SessionView>().toEqualTypeOf<ServedSessionView>();
});

// The integrators' client as an app uses it: against the app's real JWKS over HTTP, an API
// server on 127.0.0.1, and webhooks signed here by the Standard Webhooks rules.

describe("verifyToken, against the app's JWKS", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const sign = () =>
    signResultToken({
      aud: "acme",
      phone: "+12065550123",
      method: "phonecheck",
      sessionId: "ses_1",
      reference: "order-42",
      verifiedAt: Date.now(),
    });

  test("accepts a token of ours for this key and session", async () => {
    const { token, jti } = await sign();
    const client = sessionsClient({ baseUrl: `${app.url}/`, apiKey: "sk", keyId: "acme" });
    expect(await client.verifyToken(token, { sessionId: "ses_1" })).toMatchObject({
      sub: "+12065550123",
      phone_number: "+12065550123",
      phone_number_verified: true,
      amr: ["phonecheck"],
      sid: "ses_1",
      reference: "order-42",
      aud: "acme",
      iss: app.url,
      jti,
    });
  });

  test("takes the server's address however its case or default port is written, as the server spells its iss", async () => {
    const { token } = await sign();
    // app.url is http://127.0.0.1:<port>; the server's iss is that origin, normalised.
    const port = new URL(app.url).port;
    const fetched: string[] = [];
    const client = sessionsClient({
      baseUrl: `HTTP://127.0.0.1:${port}//`,
      apiKey: "sk",
      keyId: "acme",
      fetch: (input, init) => {
        fetched.push(String(input));
        return fetch(input, init);
      },
    });
    expect(await client.verifyToken(token)).toMatchObject({ iss: app.url });
    expect(fetched).toEqual([`${app.url}/.well-known/jwks.json`]);
  });

  test("refuses it for another session, another key, or a changed payload", async () => {
    const { token } = await sign();
    const client = sessionsClient({ baseUrl: app.url, apiKey: "sk", keyId: "acme" });
    await expect(client.verifyToken(token, { sessionId: "ses_2" })).rejects.toMatchObject({
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
      claim: "sid",
    });
    const other = sessionsClient({ baseUrl: app.url, apiKey: "sk", keyId: "other" });
    await expect(other.verifyToken(token)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "+1", aud: "acme" })).toString("base64url");
    await expect(client.verifyToken(`${header}.${payload}.${signature}`)).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  test("refuses it for a server of another origin, through the fetch it was given", async () => {
    const { token } = await sign();
    const fetched: string[] = [];
    const client = sessionsClient({
      baseUrl: "https://verify.example",
      apiKey: "sk",
      keyId: "acme",
      fetch: (input, init) => {
        fetched.push(String(input));
        return fetch(String(input).replace("https://verify.example", app.url), init);
      },
    });
    await expect(client.verifyToken(token)).rejects.toMatchObject({ claim: "iss" });
    expect(fetched).toEqual(["https://verify.example/.well-known/jwks.json"]);
  });

  test("accepts RS256 and EdDSA tokens (SIGNING_ALG) unless told to take ES256 only", async () => {
    try {
      for (const alg of ["RS256", "EdDSA"]) {
        process.env.SIGNING_ALG = alg;
        reloadEnv();
        const { token } = await sign();
        expect(decodeProtectedHeader(token).alg).toBe(alg);
        const client = sessionsClient({ baseUrl: app.url, apiKey: "sk", keyId: "acme" });
        await expect(client.verifyToken(token)).resolves.toMatchObject({ sid: "ses_1" });
        const pinned = sessionsClient({
          baseUrl: app.url,
          apiKey: "sk",
          keyId: "acme",
          algorithms: ["ES256"],
        });
        await expect(pinned.verifyToken(token)).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed);
      }
    } finally {
      delete process.env.SIGNING_ALG;
      reloadEnv();
    }
  });

  test("needs the key id", async () => {
    const { token } = await sign();
    const client = sessionsClient({ baseUrl: app.url, apiKey: "sk" });
    await expect(client.verifyToken(token)).rejects.toThrow(/keyId/);
  });
});

describe("the API calls", () => {
  type Seen = {
    method?: string;
    url?: string;
    authorization?: string;
    type?: string;
    body: string;
  };
  const seen: Seen[] = [];
  let answer: { status: number; body: string } = { status: 200, body: "{}" };
  let server: Server;
  let baseUrl = "";

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      const { method, url, headers } = req;
      seen.push({
        method,
        url,
        authorization: headers.authorization,
        type: headers["content-type"],
        body,
      });
      res.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const view = {
    id: "ses_1",
    status: "pending",
    phone: null,
    method: null,
    reference: null,
    verified_at: null,
    expires_at: "2026-06-01T12:15:00.000Z",
    attempts: [],
  };

  test("send the key as a bearer token, and JSON bodies, to each endpoint", async () => {
    const client = sessionsClient({ baseUrl, apiKey: "sk_live_1" });
    answer = { status: 201, body: JSON.stringify({ id: "ses_1", url: "u", status: "pending" }) };
    const input = { return_url: "https://app.example/back", methods: ["sms" as const] };
    expect(await client.createSession(input)).toEqual({ id: "ses_1", url: "u", status: "pending" });
    answer = { status: 200, body: JSON.stringify(view) };
    expect(await client.getSession("ses/1")).toEqual(view);
    await client.cancelSession("ses_1");
    await client.redeemToken("ses_1", "t.o.k");
    expect(seen.splice(0)).toEqual([
      {
        method: "POST",
        url: "/api/v1/sessions",
        authorization: "Bearer sk_live_1",
        type: "application/json",
        body: JSON.stringify(input),
      },
      {
        method: "GET",
        url: "/api/v1/sessions/ses%2F1",
        authorization: "Bearer sk_live_1",
        body: "",
      },
      {
        method: "POST",
        url: "/api/v1/sessions/ses_1/cancel",
        authorization: "Bearer sk_live_1",
        body: "",
      },
      {
        method: "POST",
        url: "/api/v1/sessions/ses_1/redeem",
        authorization: "Bearer sk_live_1",
        type: "application/json",
        body: JSON.stringify({ token: "t.o.k" }),
      },
    ]);
  });

  test("throw the error envelope as SessionsApiError", async () => {
    const client = sessionsClient({ baseUrl, apiKey: "sk_live_1" });
    answer = {
      status: 409,
      body: JSON.stringify({ error: { code: "conflict", message: "Already redeemed." } }),
    };
    const error = await client.redeemToken("ses_1", "t").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SessionsApiError);
    expect(error).toMatchObject({ status: 409, code: "conflict", message: "Already redeemed." });
    answer = { status: 502, body: "<html>Bad gateway</html>" };
    await expect(client.getSession("ses_1")).rejects.toMatchObject({
      status: 502,
      code: "unexpected_response",
    });
  });
});

describe("verifyWebhook", () => {
  const key = randomBytes(24);
  const secret = `whsec_${key.toString("base64")}`;
  const event = {
    type: "session.verified",
    timestamp: "2026-06-01T12:00:00.000Z",
    data: { id: "ses_1", status: "verified", phone: "+12065550123" },
  };
  const body = JSON.stringify(event);

  // The Standard Webhooks signature, made without the library the client uses.
  function signed(payload: string, at = Math.floor(Date.now() / 1000), id = "msg_1") {
    const mac = createHmac("sha256", key).update(`${id}.${at}.${payload}`).digest("base64");
    return { "webhook-id": id, "webhook-timestamp": String(at), "webhook-signature": `v1,${mac}` };
  }

  test("returns the event of a body signed with the secret", () => {
    expect(verifyWebhook(secret, body, signed(body))).toEqual(event);
    expect(verifyWebhook(secret, body, new Headers(signed(body)))).toEqual(event);
    // While the sender rotates its secret, it sends one signature per secret.
    const both = signed(body);
    both["webhook-signature"] = `v1,c29tZXRoaW5nIGVsc2U= ${both["webhook-signature"]}`;
    expect(verifyWebhook(secret, body, both)).toEqual(event);
  });

  test("refuses a changed body, another secret, a stale timestamp, missing headers", () => {
    const headers = signed(body);
    expect(() => verifyWebhook(secret, body.replace("verified", "failed"), headers)).toThrow(
      WebhookVerificationError,
    );
    const otherSecret = `whsec_${randomBytes(24).toString("base64")}`;
    expect(() => verifyWebhook(otherSecret, body, headers)).toThrow(WebhookVerificationError);
    const stale = signed(body, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(() => verifyWebhook(secret, body, stale)).toThrow(/too old/);
    expect(() => verifyWebhook(secret, body, {})).toThrow(WebhookVerificationError);
  });
});
