import { createPrivateKey } from "node:crypto";
import { z } from "zod";

// The kinds of value the settings take (lib/env.ts), each with the words an error shows.

export const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `a whole number from ${min} to ${max}` })
    .int({ error: `a whole number from ${min} to ${max}` })
    .min(min, { error: `a whole number from ${min} to ${max}` })
    .max(max, { error: `a whole number from ${min} to ${max}` });

export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const url = z
  .url({ error: "an absolute http(s) URL" })
  .refine((value) => /^https?:/.test(value), {
    error: "an absolute http(s) URL",
  });

export const countryList = z
  .string()
  .trim()
  .transform((value) =>
    value === "" || value === "*" ? [] : value.split(",").map((code) => code.trim().toUpperCase()),
  )
  .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, { error: "ISO 3166 two-letter country codes" })));

/** A comma-separated list of `item`s; empty means none. */
export function list<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .trim()
    .transform((value) =>
      value === ""
        ? []
        : value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean),
    )
    .pipe(z.array(item));
}

/** An API key, `id:secret`: the id names it in tokens and settings, the secret is sent. */
export const apiKey = z
  .string()
  // The list is split at commas first: a secret holding one arrives in two pieces, refused here
  // with words that say why.
  .regex(/^[A-Za-z0-9_-]{1,32}:[\x21-\x7e]{24,200}$/, {
    error:
      "id:secret pairs (an id of letters, digits, _ or -; a secret of 24+ printable characters, no comma)",
  })
  .transform((value) => {
    const at = value.indexOf(":");
    return { id: value.slice(0, at), secret: value.slice(at + 1) };
  });

/** A web origin, scheme://host[:port], as browsers compare them. */
export const origin = z
  .string()
  .regex(/^https?:\/\/[^/?#\s]+$/, { error: "origins such as https://app.example.com" })
  .transform((value) => new URL(value).origin);

/** A Standard Webhooks secret: `whsec_` and base64 of at least 24 bytes. */
export const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, { error: "whsec_ followed by base64" });

/** The algorithms result tokens may be signed with (SIGNING_ALG); ES256 unless told otherwise. */
export const SIGNING_ALGORITHMS = ["ES256", "RS256", "EdDSA"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/**
 * A private key in PKCS#8 PEM that signs with one of SIGNING_ALGORITHMS; `\n` escapes are read
 * as newlines (one-line settings). Imported here, at start: a key of another curve or kind has
 * the right header, but signing with it would fail at every session's return.
 */
export const signingKey = z
  .string()
  .transform((value) => value.replace(/\\n/g, "\n").trim())
  .refine(
    (value) =>
      /^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----$/.test(value) &&
      algorithmOfKey(value) !== undefined,
    {
      error:
        "a private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----): EC P-256 for ES256, RSA of at least 2048 bits for RS256, or Ed25519 for EdDSA",
    },
  );

/** What `pem` signs with: EC P-256 → ES256, RSA of 2048 bits or more → RS256, Ed25519 → EdDSA. */
export function algorithmOfKey(pem: string): SigningAlgorithm | undefined {
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    return undefined;
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") return "ES256";
  // RFC 7518 §3.3: 2048 bits at least.
  if (key.asymmetricKeyType === "rsa" && (details?.modulusLength ?? 0) >= 2048) return "RS256";
  if (key.asymmetricKeyType === "ed25519") return "EdDSA";
  return undefined;
}
