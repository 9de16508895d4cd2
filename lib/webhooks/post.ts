import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { DeliveryTarget } from "./address";

// The webhook's own request, on Node's HTTP client like the providers' transport
// (lib/providers/http.ts), which cannot connect to an address checked in advance.

const TIMEOUT_MS = 10_000;
// The answer is read (so the connection ends cleanly) but not kept: no more than this.
const MAX_ANSWER_BYTES = 4096;

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
