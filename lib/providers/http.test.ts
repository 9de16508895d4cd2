import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { parseRetryAfter, ProviderError, send, withoutNumbers } from "./http";
import { rejectionOf } from "@/lib/testing/rejection";

// The one transport every provider client uses, against a plain local server.

class TestError extends ProviderError<"refused"> {}
const provider = { name: "Test", timeoutMs: 300, error: TestError };

let server: Server;
let base: string;
let redirectTargetHits = 0;
let connections = 0;
const received: { method?: string; body: string; length?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case "/json":
        response.setHeader("Content-Type", "application/json");
        response.setHeader("Retry-After", "7");
        response.end(JSON.stringify({ ok: true, encoding: request.headers["accept-encoding"] }));
        return;
      case "/redirect":
        response.writeHead(302, { Location: "/target" }).end();
        return;
      case "/target":
        redirectTargetHits += 1;
        response.end("{}");
        return;
      case "/echo": {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          received.push({
            method: request.method,
            body,
            length: request.headers["content-length"],
          });
          response.end(JSON.stringify({ body }));
        });
        return;
      }
      case "/stall":
        // Headers at once, then a body that never ends: the timeout must still fire.
        response.writeHead(200, { "Content-Type": "application/json" });
        response.write("{");
        return;
      default:
        response.end("<html>not json</html>");
    }
  });
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const failure = (promise: Promise<unknown>) => rejectionOf(promise, TestError);

describe("send", () => {
  test("asks for an uncompressed answer and parses it; Retry-After in seconds", async () => {
    const answer = await send(provider, `${base}/json`);
    expect(answer.parse(z.object({ ok: z.literal(true) }))).toEqual({ ok: true });
    expect(answer.json()).toMatchObject({ encoding: "identity" });
    expect(answer.retryAfterSeconds).toBe(7);
  });

  test("sends the method, headers and body; unicode bodies keep their byte length", async () => {
    const body = JSON.stringify({ text: "Tu código es 123456 ✓" });
    const answer = await send(provider, `${base}/echo`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    expect(answer).toMatchObject({ status: 200, ok: true });
    expect(answer.json()).toEqual({ body });
    expect(received.at(-1)).toEqual({
      method: "POST",
      body,
      length: String(Buffer.byteLength(body)),
    });
  });

  test("calls one after another share a connection", async () => {
    await send(provider, `${base}/json`);
    const before = connections;
    for (let i = 0; i < 5; i += 1) await send(provider, `${base}/json`);
    expect(connections).toBe(before);
  });

  test("a body that is not what the schema says is the provider's malformed error", async () => {
    const answer = await send(provider, `${base}/html`);
    expect(answer.json()).toBeUndefined();
    const error = await failure(Promise.resolve().then(() => answer.parse(z.object({}))));
    expect(error).toMatchObject({ kind: "malformed", status: 200 });
  });

  test("a redirect is never followed", async () => {
    const error = await failure(send(provider, `${base}/redirect`));
    expect(error).toMatchObject({ kind: "redirect", status: 302 });
    expect(redirectTargetHits).toBe(0);
  });

  test("the timeout covers a body that stalls after the headers", async () => {
    const error = await failure(send(provider, `${base}/stall`));
    expect(error.kind).toBe("timeout");
  });

  test("nothing listening: network", async () => {
    const error = await failure(send(provider, "http://127.0.0.1:9/"));
    expect(error.kind).toBe("network");
  });
});

describe("parseRetryAfter", () => {
  test("delta-seconds and HTTP dates; anything else is no hint", () => {
    const at = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("30", at)).toBe(30);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", at)).toBe(60);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", at)).toBeUndefined();
    expect(parseRetryAfter("soon", at)).toBeUndefined();
    expect(parseRetryAfter(null, at)).toBeUndefined();
  });
});

describe("a provider error's summary, for the log", () => {
  test.each([
    ["The number 12065550422 cannot receive SMS.", "The number [number] cannot receive SMS."],
    ["Messaging to +1 (206) 555-0403 is not allowed.", "Messaging to [number] is not allowed."],
    ["Rate limited: retry in 30 s (error 1008).", "Rate limited: retry in 30 s (error 1008)."],
    // Short codes stay: only a run of 6 digits or more is taken for a number.
    ["Error 40301: 3 of 5 failed", "Error 40301: 3 of 5 failed"],
  ])("%j → %j", (detail, logged) => {
    expect(withoutNumbers(detail)).toBe(logged);
    expect(new ProviderError("invalid", "refused", { status: 422, detail }).summary).toEqual({
      kind: "invalid",
      status: 422,
      detail: logged,
    });
  });
});
