import { createHash } from "node:crypto";

// How the emulator signs a callback, as tru.ID describes it (docs/providers.md#callbacks-and-signatures):
// a draft-cavage HTTP signature over "(request-target) host date x-tru-callback digest", and a
// Digest header over the exact body. Written apart from the client's verifier on purpose:
// a bug shared by both sides would pass every test and fail against the real tru.ID.

const SIGNED = ["(request-target)", "host", "date", "x-tru-callback", "digest"] as const;

/** The headers of a signed callback to `url` with `body`, at `date`. */
export async function callbackHeaders(
  url: URL,
  body: string,
  date: Date,
  sign: (text: string) => Promise<{ kid: string; signature: string }>,
): Promise<Record<string, string>> {
  const headers = {
    date: date.toUTCString(),
    "x-tru-callback": "phone_check",
    digest: `SHA-256=${createHash("sha256").update(body, "utf8").digest("base64")}`,
  };
  const lines = {
    "(request-target)": `post ${url.pathname}${url.search}`,
    // fetch sends the URL's host as Host: that is the value signed.
    host: url.host,
    ...headers,
  };
  const text = SIGNED.map((name) => `${name}: ${lines[name]}`).join("\n");
  const { kid, signature } = await sign(text);
  return {
    ...headers,
    Authorization: `Signature keyId="${kid}",algorithm="rsa-sha256",headers="${SIGNED.join(" ")}",signature="${signature}"`,
  };
}
