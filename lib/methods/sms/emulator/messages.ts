import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { readText } from "@/lib/api/body";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { isPublicDemo } from "@/lib/sandbox/public-demo";
import { findSandboxSms, insertSandboxSms, listSandboxSms } from "./queries";
import type { SandboxSmsMessage } from "./tables";
import { smsRuleFor } from "./rules";
import { smsSettings } from "../settings";

// An emulator of the Flowroute Messaging API v2.1 (docs/providers.md#emulators): same paths, status
// codes, bodies and error envelope. Accepted messages land in the simulated phones' inboxes. The
// legacy v2 send, which the 2016 sms-verification service called, is here too: integrations
// written against it still post there.

const SLOW_ANSWER_MS = 15_000;
// What a throttled send is told to wait: not 1, the fallback when a 429 says nothing, so that a
// test sees whether the provider's own value reached the client.
const THROTTLED_RETRY_AFTER_SECONDS = 7;

// The sends of the last second, for Flowroute's per-account limit of 5 messages a second
// (docs/providers.md#messaging-api-v21): one account, so one list for the whole emulator, kept
// on globalThis as the tru.ID emulator's count is (each route bundle has its own module copy).
const RECENT = Symbol.for("phone-verify.flowroute-emulator.recent-sends");
const recentSends: number[] = ((globalThis as { [RECENT]?: number[] })[RECENT] ??= []);

/** Whether one more send fits in the last second's FLOWROUTE_SANDBOX_RATE; counts it if so. */
function withinRate(at: number): boolean {
  const rate = smsSettings.read().FLOWROUTE_SANDBOX_RATE;
  if (rate === 0) return true;
  while (recentSends.length > 0 && recentSends[0]! <= at - 1000) recentSends.shift();
  if (recentSends.length >= rate) return false;
  recentSends.push(at);
  return true;
}

const flatMessage = z.object({
  to: z.union([z.string(), z.number()]).transform(String),
  from: z.union([z.string(), z.number()]).transform(String),
  body: z.string().optional(),
  content: z.string().optional(), // the 2016 SDK's name for the text
  dlr_callback: z.string().optional(),
});

const messageBody = z.union([
  z.object({ data: z.object({ type: z.literal("message"), attributes: flatMessage }) }),
  flatMessage,
]);

/** The Messaging API versions the emulator sends with: v2.1 (current) and v2 (legacy). */
export type SendVersion = "v2" | "v2.1";

export function flowrouteError(
  status: number,
  title: string,
  detail: string,
  headers: HeadersInit = {},
) {
  return Response.json(
    { errors: [{ id: randomUUID(), status, title, detail }] },
    { status, headers: { "Content-Type": "application/vnd.api+json", ...headers } },
  );
}

function authorized(request: Request): boolean {
  const sms = smsSettings.read();
  // The scheme's name is case-insensitive (RFC 7617, RFC 9110 §11.1): "basic …" is as good as
  // "Basic …". The credentials are not.
  const header = /^basic +(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(
    `${sms.FLOWROUTE_SANDBOX_ACCESS_KEY}:${sms.FLOWROUTE_SANDBOX_SECRET_KEY}`,
  ).toString("base64");
  return header !== null && header[1] === expected;
}

function unauthorized() {
  return flowrouteError(
    401,
    "Unauthorized",
    "Authentication credentials were missing or incorrect.",
  );
}

// POST /v2.1/messages, and the legacy POST /v2/messages. v2 differs where its sources say so
// (docs/providers.md#messaging-api-v21): a flat body only, a malformed `to` is the 403 of
// Flowroute's 2016 README rather than v2.1's 422, and success is `200 {"data":{"id":"mdr1-…"}}`.
// Its error bodies are not documented: they are v2.1's envelope.
export async function emulateSendMessage(
  request: Request,
  version: SendVersion = "v2.1",
): Promise<Response> {
  if (!authorized(request)) return unauthorized();
  const type = request.headers.get("content-type") ?? "";
  if (!/application\/(vnd\.api\+)?json/i.test(type)) {
    return flowrouteError(
      415,
      "Unsupported Media Type",
      "Send application/vnd.api+json or application/json.",
    );
  }
  const body = await readText(request).catch(() => undefined);
  if (body === undefined) {
    return flowrouteError(413, "Payload Too Large", "The body is larger than 16384 bytes.");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return flowrouteError(400, "Bad Request", "The body is not valid JSON.");
  }
  const parsed = (version === "v2" ? flatMessage : messageBody).safeParse(raw);
  if (!parsed.success) {
    return flowrouteError(400, "Bad Request", "Required fields: to, from, body.");
  }
  const message = "data" in parsed.data ? parsed.data.data.attributes : parsed.data;
  const text = message.body ?? message.content;
  if (!text) return flowrouteError(422, "Unprocessable Entity", "body: must not be empty.");
  if (message.from !== smsSettings.read().FLOWROUTE_SANDBOX_NUMBER) {
    return flowrouteError(
      403,
      "Forbidden",
      `The from number ${message.from} is not on this account.`,
    );
  }
  // v2.1 takes `to` as an 11-digit North American number only, and answers a malformed number
  // with a 422 (docs/providers.md#messaging-api-v21); v2 answered it with a 403. NANP area
  // codes and exchanges start with 2–9, so 11111111111 and 10000000000 are no numbers.
  if (!/^1[2-9]\d{2}[2-9]\d{6}$/.test(message.to)) {
    const detail = `to: ${message.to} is not an 11-digit North American number (1NXXNXXXXXX).`;
    return version === "v2"
      ? flowrouteError(403, "Forbidden", detail)
      : flowrouteError(422, "Unprocessable Entity", detail);
  }
  if (!withinRate(now())) {
    const rate = smsSettings.read().FLOWROUTE_SANDBOX_RATE;
    return flowrouteError(
      429,
      "Too Many Requests",
      `Rate limit exceeded: ${rate} messages a second.`,
      { "Retry-After": "1" },
    );
  }
  switch (smsRuleFor(message.to)) {
    case "undeliverable":
      return flowrouteError(
        422,
        "Unprocessable Entity",
        `The number ${message.to} cannot receive SMS.`,
      );
    case "forbidden":
      return flowrouteError(403, "Forbidden", `Messaging to ${message.to} is not allowed.`);
    case "rate_limited":
      return flowrouteError(429, "Too Many Requests", "Rate limit exceeded.", {
        "Retry-After": String(THROTTLED_RETRY_AFTER_SECONDS),
      });
    case "server_error":
      return flowrouteError(500, "Internal Server Error", "Something went wrong.");
    case "unavailable":
      return flowrouteError(503, "Service Unavailable", "Try again later.");
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, SLOW_ANSWER_MS));
      break;
  }
  const id = `${version === "v2" ? "mdr1" : "mdr2"}-${randomBytes(16).toString("hex")}`;
  await insertSandboxSms({
    id,
    to: message.to,
    from: message.from,
    body: text,
    status: "delivered",
    createdAt: now(),
  });
  // Accepted and sent, but the answer cannot be read: the client cannot know it went out.
  if (smsRuleFor(message.to) === "malformed") {
    return new Response("<html><body>Accepted</body></html>", {
      status: version === "v2" ? 200 : 202,
      headers: { "Content-Type": "text/html" },
    });
  }
  if (version === "v2") {
    return Response.json({ data: { id } }, { headers: { "Content-Type": "application/json" } });
  }
  return Response.json(
    { data: { links: { self: selfLink(id) }, type: "message", id } },
    { status: 202, headers: { "Content-Type": "application/vnd.api+json" } },
  );
}

// GET /v2.1/messages — the sent messages, newest first (filter with ?to=, page with ?limit=).
// Off on a public demo: everyone holds the sandbox credentials, and the list is every visitor's
// numbers and codes (a message by its id still answers).
export async function emulateListMessages(request: Request): Promise<Response> {
  if (!authorized(request)) return unauthorized();
  if (isPublicDemo()) {
    return flowrouteError(
      403,
      "Forbidden",
      "Listing messages is off on this public demo; get one by its id.",
    );
  }
  const url = new URL(request.url);
  const to = url.searchParams.get("to");
  const limit = Math.min(200, Math.max(1, Number(url.searchParams.get("limit")) || 50));
  const rows = await listSandboxSms({ to: to ? [to.replace(/^\+/, "")] : undefined, limit });
  return Response.json(
    { data: rows.map(messageRecord) },
    { headers: { "Content-Type": "application/vnd.api+json" } },
  );
}

// GET /v2.1/messages/{id} — one message detail record (MDR).
export async function emulateGetMessage(request: Request, id: string): Promise<Response> {
  if (!authorized(request)) return unauthorized();
  const row = await findSandboxSms(id);
  if (!row) return flowrouteError(404, "Not Found", `No message with id ${id}.`);
  return Response.json(
    { data: messageRecord(row) },
    { headers: { "Content-Type": "application/vnd.api+json" } },
  );
}

// From the app's public origin, not the request's: behind a proxy, or from another device, the
// address the request came in on (often http://localhost:PORT) is not one a client can follow.
function selfLink(id: string) {
  return `${getEnv().appUrl}/api/sandbox/flowroute/v2.1/messages/${id}`;
}

function messageRecord(row: SandboxSmsMessage) {
  const timestamp = new Date(row.createdAt).toISOString();
  return {
    type: "message",
    id: row.id,
    attributes: {
      to: row.to,
      from: row.from,
      body: row.body,
      direction: "outbound",
      status: row.status,
      timestamp,
      is_mms: false,
      message_encoding: 0,
      message_type: "longcode",
      amount_nanodollars: 4000000,
      amount_display: "$0.0040",
      callback_url: null,
      delivery_receipts: [
        {
          level: 1,
          status: row.status,
          status_code: 1000,
          status_code_description: "Delivered",
          timestamp,
        },
      ],
    },
    links: { self: selfLink(row.id) },
  };
}
