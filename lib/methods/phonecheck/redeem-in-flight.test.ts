import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { advanceClock, now } from "@/lib/clock";
import { findVerification } from "@/lib/db/verifications";
import { startTestApp, type TestApp } from "@/lib/testing/app-server";
import { TestBrowser } from "@/lib/testing/browser";
import { LANDING, poll, startCheck, tapContinue } from "@/lib/testing/phonecheck";

// A code redeemed a moment before the check's time runs out, while tru.ID takes its time to
// answer the PATCH: tru.ID is the emulator behind a stand-in at the network edge that holds
// the answer to each PATCH until the test lets it go.

let app: TestApp;
let standIn: Server;
let target = "";
let heldPatches = 0;
let letGo: () => void = () => undefined;

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  standIn = createServer(async (request, response) => {
    const sent = await body(request);
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host",
      ),
    );
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers,
      body: sent.length > 0 ? new Uint8Array(sent) : undefined,
    });
    // tru.ID has the PATCH (and settles the check); its answer is slow to come back.
    if (request.method === "PATCH") {
      heldPatches += 1;
      await new Promise<void>((resolve) => (letGo = resolve));
    }
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  const { port } = standIn.address() as AddressInfo;
  // tru.ID "for real", at the stand-in, with the emulator's credentials.
  app = await startTestApp({
    TRUID_CLIENT_ID: "sandbox-truid-client-id",
    TRUID_CLIENT_SECRET: "sandbox-truid-client-secret",
    TRUID_BASE_URL: `http://127.0.0.1:${port}/api/sandbox/tru-id`,
    TRUID_TIMEOUT_MS: "5000",
  });
  target = app.url;
});
afterAll(async () => {
  letGo();
  await app.close();
  await new Promise((resolve) => standIn.close(resolve));
});

test("a poll while tru.ID answers the redemption does not expire the check under it, and the match counts", async () => {
  const laptop = new TestBrowser(app.url);
  const device = new TestBrowser(app.url);
  const started = await startCheck(laptop, "+12065557302");
  const { next: landing } = await tapContinue(device, started.phonecheck.openUrl!, LANDING);
  const row = (await findVerification(started.id))!;
  // The phone lands half a second before the check's time is up; tru.ID's answer is held.
  advanceClock(row.expiresAt - now() - 500);
  const landed = device.fetch(landing!);
  await vi.waitFor(() => expect(heldPatches).toBe(1));
  advanceClock(1_000);
  expect((await poll(laptop, started.id)).status).toBe("pending");
  letGo();
  expect((await landed).status).toBe(303);
  expect((await poll(laptop, started.id)).status).toBe("approved");
});
