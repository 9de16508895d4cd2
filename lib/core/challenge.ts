import "server-only";
import { createChallenge, randomInt, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import { z } from "zod";
import { now } from "@/lib/clock";
import { hmac } from "@/lib/crypto";
import { takeRateLimit } from "@/lib/db/rate-limits";
import { words, type Words } from "@/lib/i18n/catalogue";
import { ApiError } from "@/lib/errors";
import { appSecret } from "@/lib/secrets";

// A proof-of-work challenge before a send when traffic looks automated (ALTCHA, self-hosted:
// docs/security.md#sending-limits). The browser's widget spends a second or so of CPU to solve
// it; a script sending thousands of requests pays that for each one. A solution counts once.

const LIFETIME_MS = 10 * 60_000;

function secrets() {
  const secret = appSecret();
  return {
    hmacSignatureSecret: hmac(secret, "altcha-signature"),
    hmacKeySignatureSecret: hmac(secret, "altcha-key-signature"),
  };
}

/**
 * A new challenge for the widget: SHA-256, a counter drawn from 1 to twice `difficulty` (the
 * hashes a solver tries on average). No floor: a solver that knew one would start there and
 * skip that work on every challenge.
 */
export async function newChallenge(difficulty: number): Promise<Challenge> {
  return createChallenge({
    algorithm: "SHA-256",
    cost: 1,
    // altcha-lib v2: randomInt(max, min = 1).
    counter: randomInt(difficulty * 2),
    deriveKey,
    // On the app's clock, so that a test (or the sandbox clock) can let it expire.
    expiresAt: Math.floor((now() + LIFETIME_MS) / 1000),
    ...secrets(),
  });
}

// What the widget sends back: the challenge as we made it, and its solution.
const payloadSchema = z.object({
  challenge: z.object({
    parameters: z.object({
      algorithm: z.string(),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string().optional(),
      expiresAt: z.number().optional(),
    }),
    signature: z.string(),
  }),
  solution: z.object({ counter: z.number(), derivedKey: z.string(), time: z.number().optional() }),
});

function required(message: Words): ApiError {
  return new ApiError("challenge_required", message, { details: { challenge: "/api/challenge" } });
}

/**
 * Accepts the widget's payload (base64 JSON) once: valid, signed by us, unexpired and never
 * used before; anything else is 403 challenge_required, before anything is sent.
 */
export async function redeemChallenge(payload: string | undefined): Promise<void> {
  if (!payload) throw required(words("server.errors.challengeMissing"));
  let parsed;
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, "base64").toString("utf8")));
  } catch {
    throw required(words("server.errors.challengeFailed"));
  }
  const at = now();
  const expiresAt = parsed.challenge.parameters.expiresAt;
  if (expiresAt === undefined || expiresAt * 1000 < at) {
    throw required(words("server.errors.challengeExpired"));
  }
  const result = await verifySolution({
    challenge: parsed.challenge,
    solution: parsed.solution,
    deriveKey,
    ...secrets(),
  }).catch(() => undefined);
  if (!result?.verified) throw required(words("server.errors.challengeFailed"));
  // The signature names one challenge: its first use takes the only place there is. The use
  // is kept for twice the lifetime: windows count in slots of a sixtieth, so one of exactly
  // the lifetime could forget the use up to a slot before the solution expires.
  const signature = parsed.challenge.signature;
  const used = await takeRateLimit("challenge_used", signature, 1, 2 * LIFETIME_MS, at);
  if (!used.allowed) throw required(words("server.errors.challengeUsed"));
}
