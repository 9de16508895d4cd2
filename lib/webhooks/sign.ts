import { createHmac } from "node:crypto";

/**
 * The `webhook-signature` header of a Standard Webhooks message
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme):
 * `v1,` and the base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed with the bytes the
 * `whsec_` secret encodes. Written here rather than taken from the `standardwebhooks` package:
 * receivers (and our tests) verify with that package, so a bug shared by both sides would pass.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`, "utf8");
  return `v1,${mac.digest("base64")}`;
}
