import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveDeliveryTarget, type DeliveryTarget } from "./address";
import { signWebhook } from "./sign";

// One attempt at a webhook: the address checked, the message signed, the request sent. On
// Node's HTTP client like the providers' transport (lib/providers/http.ts), which cannot
// connect to an address checked in advance.

const TIMEOUT_MS = 10_000;
// The answer is read (so the connection ends cleanly) but not kept: no more than this.
const MAX_ANSWER_BYTES = 4096;

/**
 * Sends a message (`id`, and the JSON `payload` fixed when it was written) to a webhook URL
 * as the Standard Webhooks specification says: undefined when the receiver took it (2xx),
 * else what went wrong, for the outbox's `lastError`.
 */
export async function sendWebhook(
  message: { id: string; payload: string },
  webhook: { url: string; secret: string },
  options: { allowPrivate: boolean; trusted: boolean },
): Promise<string | undefined> {
  const resolution = await resolveDeliveryTarget(webhook.url, options);
  if ("refused" in resolution) return `refused: ${resolution.refused}`;
  // The wall clock, not the app's (which the sandbox and the tests move): receivers compare
  // it with theirs and refuse a message more than a few minutes off.
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "Content-Type": "application/json",
    "User-Agent": "phone-verify-webhooks",
    "webhook-id": message.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(webhook.secret, message.id, timestamp, message.payload),
  };
  try {
    const status = await postWebhook(resolution.target, headers, message.payload);
    if (status >= 200 && status < 300) return undefined;
    if (status >= 300 && status < 400) return `redirect (HTTP ${status}), not followed`;
    return `HTTP ${status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * POSTs `body` to the target and resolves with the answer's status; rejects when no answer
 * came within the timeout (which covers the body too: a receiver can stall after its headers)
 * or the connection failed. Redirects are not followed: the caller sees the 3xx.
 */
export function postWebhook(
  target: DeliveryTarget,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const payload = Buffer.from(body, "utf8");
  const client = target.url.protocol === "https:" ? https : http;
  // The connection goes to the address that was checked, whatever the name resolves to now;
  // TLS (SNI, the certificate's name) and Host still use the URL's hostname. Node asks for a
  // list when it tries several addresses (autoSelectFamily): it gets the one.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return new Promise<number>((resolve, reject) => {
    const request = client.request(target.url, {
      method: "POST",
      headers: {
        ...headers,
        "Content-Length": payload.length,
        "Accept-Encoding": "identity",
      },
      lookup: pinned,
      // A connection of its own: a pooled socket could lead to an address checked for
      // another attempt; webhooks are too few for the handshake to matter.
      agent: false,
    });
    const timeout = new Error(`no answer within ${TIMEOUT_MS / 1000} s`);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(timeout);
    }, TIMEOUT_MS);
    // Whichever of the request or the response reports the end first: the timeout says why.
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(timedOut ? timeout : error);
    };
    request.once("error", fail);
    request.once("response", (response) => {
      const status = response.statusCode ?? 0;
      let received = 0;
      const done = () => {
        clearTimeout(timer);
        resolve(status);
      };
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_ANSWER_BYTES) {
          done();
          response.destroy();
        }
      });
      response.once("end", done);
      response.once("error", fail);
    });
    request.end(payload);
  });
}
