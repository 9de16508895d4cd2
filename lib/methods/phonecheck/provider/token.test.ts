import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type TestReceiver } from "@/lib/testing/webhook-receiver";
import { createCheck } from "./client";
import { TruIdError } from "./errors";
import { accessToken } from "./token";
import { rejectionOf } from "@/lib/testing/rejection";

// The token endpoint's 429, which the emulator has no number to script (a token request carries
// none): tru.ID's edge is a local HTTP server here.

let edge: TestReceiver;

beforeAll(async () => {
  edge = await startReceiver();
});
afterAll(() => edge.close());

function config(clientId: string) {
  return { baseUrl: edge.origin, clientId, clientSecret: "secret", timeoutMs: 2000 };
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, TruIdError);

describe("a rate-limited token request", () => {
  test("carries tru.ID's Retry-After to whoever started the check", async () => {
    edge.answer = () => ({ status: 429, headers: { "Retry-After": "42" } });
    edge.requests.length = 0;
    const error = await failure(
      createCheck(config("limited"), { version: "v0.2", phoneNumber: "447700900000" }),
    );
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterSeconds: 42 });
    // Refused at the token: no check was asked for.
    expect(edge.requests.map((request) => request.path)).toEqual(["/oauth2/v1/token"]);
  });

  test("without Retry-After, says nothing of when", async () => {
    edge.answer = () => ({ status: 429 });
    const error = await failure(accessToken(config("silent")));
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterSeconds: undefined });
  });
});
