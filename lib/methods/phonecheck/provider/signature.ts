import { createHash } from "node:crypto";

// tru.ID signs its callbacks with draft-cavage HTTP signatures (api-definitions
// common/Headers.v1.yaml, x-tru-security; docs/providers.md#callbacks-and-signatures):
//   Authorization: Signature keyId="…",algorithm="rsa-sha256",
//     headers="(request-target) host date x-tru-callback digest",signature="<base64>"
//   digest: SHA-256=<base64(sha256(body))>

export const SIGNED_HEADERS = ["(request-target)", "host", "date", "x-tru-callback", "digest"];

type SignatureParams = {
  keyId: string;
  algorithm: string;
  headers: string[];
  signature: string;
};

export function bodyDigest(body: string | Uint8Array): string {
  return `SHA-256=${createHash("sha256").update(body).digest("base64")}`;
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

export function formatSignature(params: SignatureParams): string {
  return (
    `Signature keyId="${params.keyId}",algorithm="${params.algorithm}",` +
    `headers="${params.headers.join(" ")}",signature="${params.signature}"`
  );
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
