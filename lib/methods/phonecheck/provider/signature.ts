import { createHash, timingSafeEqual } from "node:crypto";

// tru.ID signs its callbacks with draft-cavage HTTP signatures
// (docs/providers.md#callbacks-and-signatures):
//   Authorization: Signature keyId="…",algorithm="rsa-sha256",
//     headers="(request-target) host date x-tru-callback digest",signature="<base64>"
//   digest: SHA-256=<base64(sha256(body))>, or the hex the specification's example shows

export const SIGNED_HEADERS = ["(request-target)", "host", "date", "x-tru-callback", "digest"];

type SignatureParams = {
  keyId: string;
  algorithm: string;
  headers: string[];
  signature: string;
};

/**
 * Whether a Digest header names the SHA-256 of `body`. RFC 3230 encodes it in base64; tru.ID's
 * specification says base64 but shows hex (docs/providers.md#callbacks-and-signatures). Both
 * name the same hash and the signature covers the header, so either is accepted; the bytes are
 * compared in constant time.
 */
export function digestMatches(header: string | null, body: string | Uint8Array): boolean {
  if (!header || header.length > 1024) return false;
  const expected = createHash("sha256").update(body).digest();
  for (const entry of header.split(",")) {
    const equals = entry.indexOf("=");
    if (equals < 0 || entry.slice(0, equals).trim().toLowerCase() !== "sha-256") continue;
    const given = decodeDigest(entry.slice(equals + 1).trim());
    return given !== undefined && timingSafeEqual(given, expected);
  }
  return false;
}

function decodeDigest(value: string): Buffer | undefined {
  // 32 bytes: 64 hex digits, or 43 base64 characters and one "=" (the two never overlap).
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/]{43}=$/.test(value)) return Buffer.from(value, "base64");
  return undefined;
}

/** The string that is signed: one "name: value" line per signed header, in the listed order. */
export function signingString(
  headers: string[],
  request: { method: string; path: string; header(name: string): string | undefined },
): string | undefined {
  const lines: string[] = [];
  for (const name of headers) {
    if (name === "(request-target)") {
      lines.push(`(request-target): ${request.method.toLowerCase()} ${request.path}`);
      continue;
    }
    const value = request.header(name);
    if (value === undefined) return undefined;
    lines.push(`${name}: ${value.trim()}`);
  }
  return lines.join("\n");
}

/** Parses `Signature keyId="…",…` (also the `Signature:` header form); undefined if malformed. */
export function parseSignature(value: string | null): SignatureParams | undefined {
  if (!value || value.length > 4096) return undefined;
  const text = value.replace(/^Signature\s+/i, "");
  const fields = new Map<string, string>();
  for (const match of text.matchAll(/([a-zA-Z]+)="([^"]*)"/g)) fields.set(match[1]!, match[2]!);
  const keyId = fields.get("keyId");
  const signature = fields.get("signature");
  if (!keyId || !signature) return undefined;
  return {
    keyId,
    algorithm: fields.get("algorithm") ?? "hs2019",
    headers: (fields.get("headers") ?? "date").toLowerCase().split(/\s+/).filter(Boolean),
    signature,
  };
}
