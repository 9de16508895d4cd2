import "server-only";
import { now } from "@/lib/clock";
import type { Caller } from "@/lib/core/caller";
import { seal, sha256, unseal } from "@/lib/crypto";
import {
  claimIdempotencyKey,
  findIdempotent,
  releaseIdempotencyKey,
  storeIdempotentAnswer,
} from "@/lib/db/idempotency";
import { ApiError } from "@/lib/errors";
import { appSecret } from "@/lib/secrets";
import { errorBody, type Reply } from "./route";

const WAIT_MS = 5000;

/**
 * The headers a retry must get again because the client acts on them: Retry-After (how long a
 * 429 asks to wait). Kept with the answer's JSON in the `body` column, as `{ reply, headers }`.
 */
const REPLAYED_HEADERS = ["retry-after"];

type KeptAnswer = { reply: unknown; headers?: Record<string, string> };

function keptHeaders(reply: Reply): Record<string, string> | undefined {
  const all = new Headers({ ...reply.error?.headers, ...reply.headers });
  const kept = REPLAYED_HEADERS.flatMap((name) => {
    const value = all.get(name);
    return value === null ? [] : [[name, value] as const];
  });
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** The stored answer; one stored before headers were kept is its JSON alone. */
function readKept(body: string): KeptAnswer {
  const stored = JSON.parse(body) as unknown;
  const isKept =
    typeof stored === "object" &&
    stored !== null &&
    "reply" in stored &&
    Object.keys(stored).every((key) => key === "reply" || key === "headers");
  return isKept ? (stored as KeptAnswer) : { reply: stored };
}

/**
 * Runs `handle` once per Idempotency-Key (the header, optional): a retry of the same request
 * gets the first answer again, cookie included, instead of a second SMS; the same key with
 * another body is 422. The key is scoped to the browser (its binding) that sent it.
 */
export async function idempotent(
  request: Request,
  caller: Caller,
  body: unknown,
  handle: () => Promise<Reply>,
): Promise<Reply> {
  const key = request.headers.get("idempotency-key");
  if (key === null) return handle();
  // A retry that never got its cookie is known by its address and the key alone: a key short
  // enough to guess (an order number) would let a neighbour behind the same address replay the
  // answer, and take the cookie with it. 16 characters is a floor, not proof of randomness.
  if (!/^[\x21-\x7e]{16,255}$/.test(key)) {
    throw new ApiError(
      "bad_request",
      "Idempotency-Key: 16 to 255 printable ASCII characters, random (a UUID).",
    );
  }
  // A browser's key is its own; a client without a binding yet is known by its address.
  const scoped = `${caller.bindingHash ?? `anon:${caller.ip ?? "unknown"}`}:${key}`;
  const bodyHash = sha256(JSON.stringify(body));
  if (await claimIdempotencyKey(scoped, bodyHash, now())) {
    let reply: Reply;
    try {
      reply = await handle();
    } catch (error) {
      await releaseIdempotencyKey(scoped); // nothing was answered: the key may be used again
      throw error;
    }
    const kept: KeptAnswer = {
      reply: reply.error ? errorBody(reply.error) : (reply.body ?? null),
      headers: keptHeaders(reply),
    };
    const answer = {
      status: reply.error?.status ?? reply.status ?? 200,
      body: JSON.stringify(kept),
      binding: reply.binding ? seal(appSecret(), reply.binding) : null,
    };
    await storeIdempotentAnswer(scoped, answer);
    // The answer gave the client a binding: under it, the key is the same request too.
    if (reply.binding) {
      const bound = `${sha256(reply.binding)}:${key}`;
      if (await claimIdempotencyKey(bound, bodyHash, now()))
        await storeIdempotentAnswer(bound, answer);
    }
    return reply;
  }
  for (let waited = 0; waited <= WAIT_MS; waited += 100) {
    const first = await findIdempotent(scoped);
    if (!first) return idempotent(request, caller, body, handle); // released: try afresh
    if (first.bodyHash !== bodyHash) {
      throw new ApiError(
        "idempotency_mismatch",
        "This Idempotency-Key was used for another request. Use a new key for a new request.",
      );
    }
    if (first.status !== null && first.body !== null) {
      const kept = readKept(first.body);
      return {
        status: first.status,
        body: kept.reply,
        headers: kept.headers,
        binding: first.binding ? unseal(appSecret(), first.binding) : undefined,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new ApiError("conflict", "A request with this Idempotency-Key is still under way.");
}
