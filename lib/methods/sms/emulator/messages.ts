import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { now } from "@/lib/clock";
import { getEnv } from "@/lib/env";
import { isPublicDemo } from "@/lib/sandbox/public-demo";
import { findSandboxSms, insertSandboxSms, listSandboxSms } from "./queries";
import type { SandboxSmsMessage } from "./tables";
import { smsRuleFor } from "./rules";

// An emulator of the Flowroute Messaging API v2.1 (docs/providers.md#emulators): same paths, status
// codes, bodies and error envelope. Accepted messages land in the simulated phones' inboxes.

const SLOW_ANSWER_MS = 15_000;
// What a throttled send is told to wait: not 1, the fallback when a 429 says nothing, so that a
// test sees whether the provider's own value reached the client.
const THROTTLED_RETRY_AFTER_SECONDS = 7;

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
  const env = getEnv();
  const header = request.headers.get("authorization") ?? "";
  const expected = `Basic ${Buffer.from(
    `${env.FLOWROUTE_SANDBOX_ACCESS_KEY}:${env.FLOWROUTE_SANDBOX_SECRET_KEY}`,
  ).toString("base64")}`;
  return header === expected;
}

function unauthorized() {
  return flowrouteError(
    401,
    "Unauthorized",
    "Authentication credentials were missing or incorrect.",
  );
}

// POST /v2.1/messages
export async function emulateSendMessage(request: Request): Promise<Response> {
  if (!authorized(request)) return unauthorized();
  const type = request.headers.get("content-type") ?? "";
  if (!/application\/(vnd\.api\+)?json/i.test(type)) {
    return flowrouteError(
      415,
      "Unsupported Media Type",
      "Send application/vnd.api+json or application/json.",
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await request.text());
  } catch {
    return flowrouteError(400, "Bad Request", "The body is not valid JSON.");
  }
  const parsed = messageBody.safeParse(raw);
  if (!parsed.success) {
    return flowrouteError(400, "Bad Request", "Required fields: to, from, body.");
  }
  const message = "data" in parsed.data ? parsed.data.data.attributes : parsed.data;
  const text = message.body ?? message.content;
  if (!text) return flowrouteError(422, "Unprocessable Entity", "body: must not be empty.");
  if (message.from !== getEnv().FLOWROUTE_SANDBOX_NUMBER) {
    return flowrouteError(
      403,
      "Forbidden",
      `The from number ${message.from} is not on this account.`,
    );
  }
  // v2.1 takes `to` as an 11-digit North American number only, and answers a malformed number
  // with a 422 (docs/providers.md#messaging-api-v21). NANP area codes and exchanges start
  // with 2–9, so 11111111111 and 10000000000 are no numbers.
  if (!/^1[2-9]\d{2}[2-9]\d{6}$/.test(message.to)) {
    return flowrouteError(
      422,
      "Unprocessable Entity",
      `to: ${message.to} is not an 11-digit North American number (1NXXNXXXXXX).`,
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
    case "malformed":
      return new Response("<html><body>Accepted</body></html>", {
        status: 202,
        headers: { "Content-Type": "text/html" },
      });
  }
  const id = `mdr2-${randomBytes(16).toString("hex")}`;
  await insertSandboxSms({
    id,
    to: message.to,
    from: message.from,
    body: text,
    status: "delivered",
    createdAt: now(),
  });
  return Response.json(
    { data: { links: { self: selfLink(request, id) }, type: "message", id } },
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
    { data: rows.map((row) => messageRecord(request, row)) },
    { headers: { "Content-Type": "application/vnd.api+json" } },
  );
}

// GET /v2.1/messages/{id} — one message detail record (MDR).
export async function emulateGetMessage(request: Request, id: string): Promise<Response> {
  if (!authorized(request)) return unauthorized();
  const row = await findSandboxSms(id);
  if (!row) return flowrouteError(404, "Not Found", `No message with id ${id}.`);
  return Response.json(
    { data: messageRecord(request, row) },
    { headers: { "Content-Type": "application/vnd.api+json" } },
  );
}

function selfLink(request: Request, id: string) {
  const url = new URL(request.url);
  const base = url.pathname.replace(/\/messages(\/.*)?$/, "/messages");
  return `${url.origin}${base}/${id}`;
}

function messageRecord(request: Request, row: SandboxSmsMessage) {
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
    links: { self: selfLink(request, row.id) },
  };
}
