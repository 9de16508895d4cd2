import "server-only";
import { z } from "zod";
import { and, eq, isNull } from "drizzle-orm";
import { now } from "@/lib/clock";
import { randomId } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { getEnv, type ApiKey } from "@/lib/env";
import { ApiError, notFound } from "@/lib/errors";
import { words } from "@/lib/i18n/catalogue";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { methodNames, type MethodName } from "@/lib/method-names";
import { methodChoices } from "@/lib/methods/service";
import { parsePhone } from "@/lib/phone";
import { attemptsOf, findSession, insertSession } from "@/lib/db/sessions";
import { sessions, type Session } from "@/lib/db/schema";
import { signResultToken, verifyResultToken } from "./signing";
import { cancelSession, refreshSession } from "@/lib/core/session-state";
import { sessionView, type SessionView } from "@/lib/core/session-view";
import { personsParts } from "@/lib/core/method";

// What an app does with a session through the API (app/api/v1/sessions): make one, read it,
// cancel it, redeem its result token. Every call names the key; a key sees only its own.

// Strict: a misspelt field ("method" for "methods") is refused by name, not quietly ignored
// (which would allow every method).
export const createSessionBody = z.strictObject({
  return_url: z.string().min(1).max(2000),
  phone: z.string().max(40).optional(),
  methods: z
    .array(z.enum(methodNames, { error: `one of ${methodNames.join(", ")}` }))
    .min(1)
    .max(methodNames.length)
    .refine((list) => new Set(list).size === list.length, { error: "each method once" })
    .optional(),
  reference: z.string().max(200).optional(),
  // Any string of a tag's length: one this server does not speak falls back (localeOf).
  locale: z.string().max(35).optional(),
});

export type CreateSessionInput = z.infer<typeof createSessionBody>;

/**
 * Where a person may be sent back: https (http only to this machine, for development), no
 * credentials in it, and an origin the key allows.
 */
function checkReturnUrl(key: ApiKey, value: string): URL {
  let target: URL;
  try {
    target = new URL(value);
  } catch {
    throw new ApiError("bad_request", "return_url must be an absolute URL.");
  }
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname);
  if (target.protocol !== "https:" && !(target.protocol === "http:" && local)) {
    throw new ApiError("bad_request", "return_url must be https (http only for localhost).");
  }
  if (target.username || target.password) {
    throw new ApiError("bad_request", "return_url must not carry credentials.");
  }
  if (!key.origins.includes(target.origin)) {
    throw new ApiError(
      "bad_request",
      `return_url's origin ${target.origin} is not one this key may use (API_KEY_ORIGINS).`,
    );
  }
  return target;
}

/**
 * The methods configured and running here, in `wanted`'s order; by default all of them, those
 * that ask least of the person first (docs/sessions.md: the check that asks nothing, then a
 * tap, the code to type last), else in the registry's order.
 */
export function availableMethods(wanted?: readonly string[]): MethodName[] {
  const available = methodChoices().filter((choice) => choice.available);
  if (!wanted) {
    return available
      .sort((a, b) => personsParts.indexOf(a.asks) - personsParts.indexOf(b.asks))
      .map((choice) => choice.name);
  }
  const names = available.map((choice) => choice.name);
  return wanted.filter((name): name is MethodName => names.includes(name as MethodName));
}

export function allowedMethods(session: Session): MethodName[] {
  return availableMethods(JSON.parse(session.methods) as string[]);
}

export async function createSession(
  key: ApiKey,
  input: CreateSessionInput,
): Promise<{ id: string; url: string; status: "pending"; expires_at: string }> {
  const env = getEnv();
  const returnUrl = checkReturnUrl(key, input.return_url);
  let phone: string | null = null;
  if (input.phone !== undefined) {
    const parsed = parsePhone(input.phone, { allowedCountries: env.ALLOWED_COUNTRIES });
    if (!parsed.ok) {
      // The page's words ask the person to choose a country; a server has none to choose.
      const message =
        parsed.reason === "country"
          ? "phone must start with + and its country code, as in +12065550123."
          : words(`phone.errors.${parsed.reason}`);
      throw new ApiError("invalid_phone", message, {
        details: { reason: parsed.reason },
      });
    }
    phone = parsed.phone.e164;
  }
  const methods = input.methods ?? availableMethods();
  if (availableMethods(methods).length === 0) {
    throw new ApiError(
      "bad_request",
      `None of these methods is available on this server: ${methods.join(", ") || "none"}.`,
    );
  }
  const locale = input.locale === undefined ? null : localeOf(input.locale);
  const at = now();
  const session = await insertSession({
    id: `ses_${randomId(18)}`,
    keyId: key.id,
    phone,
    methods: JSON.stringify(methods),
    reference: input.reference ?? null,
    locale,
    returnUrl: returnUrl.toString(),
    expiresAt: at + env.SESSION_TTL * 1000,
    createdAt: at,
    updatedAt: at,
  });
  return {
    id: session.id,
    url: `${env.appUrl}/session/${session.id}/open`,
    status: "pending",
    expires_at: new Date(session.expiresAt).toISOString(),
  };
}

/**
 * The language of the tag the app gave, when this server speaks it: "es-MX", "es_419" and "ES"
 * are "es". Otherwise null, which leaves the pages to the person's browser (Accept-Language,
 * else English): an app that passes its own user's language ("fr", "pt-BR") must not have its
 * sessions refused for a language it cannot know we lack.
 */
function localeOf(tag: string): Locale | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : null;
}

/** The key's own session, as time and its attempts leave it; any other id is not found. */
export async function sessionOfKey(key: ApiKey, id: string): Promise<Session> {
  const session = await findSession(id);
  if (!session || session.keyId !== key.id) throw notFound("session");
  return refreshSession(session);
}

export async function viewOf(session: Session): Promise<SessionView> {
  return sessionView(session, await attemptsOf(session.id), now());
}

export async function cancelOwnSession(key: ApiKey, id: string): Promise<SessionView> {
  const session = await sessionOfKey(key, id);
  const after = session.status === "pending" ? await cancelSession(session) : session;
  // Ended before this call (canceled included): nothing was done, and the answer says so.
  if (session.status !== "pending" || after.status !== "canceled") {
    throw new ApiError("conflict", `The session has already ended: ${after.status}.`, {
      details: { session: await viewOf(after) },
    });
  }
  return viewOf(after);
}

/**
 * Accepts a result token once: it must be ours, unexpired, for this key and session, and the
 * latest one handed to the person's browser.
 */
export async function redeemToken(key: ApiKey, id: string, token: string): Promise<SessionView> {
  const session = await sessionOfKey(key, id);
  const claims = await verifyResultToken(token, { audience: key.id });
  if (claims.aud !== key.id || claims.sid !== session.id || session.status !== "verified") {
    throw new ApiError("bad_request", "The token is not valid: it is not for this session.");
  }
  const [redeemed] = await getDb()
    .update(sessions)
    // The token is kept no longer than it is of use.
    .set({ tokenRedeemedAt: now(), token: null, updatedAt: now() })
    .where(
      and(
        eq(sessions.id, session.id),
        eq(sessions.tokenJti, claims.jti),
        isNull(sessions.tokenRedeemedAt),
      ),
    )
    .returning();
  if (!redeemed) {
    throw new ApiError("conflict", "This token was already used, or a newer one replaced it.");
  }
  return viewOf(redeemed);
}

/**
 * How long after the verification the return route still hands out a token. The browser comes
 * back within seconds of the approval; this leaves room for a slow redirect, a reload or the
 * back button, and no more: a token is a statement about a verification that just happened,
 * so it is not minted days later from a session that still says verified. Counted from
 * verified_at rather than up to expires_at, which an app may set a day away (SESSION_TTL) and
 * which a verification made in its last seconds would otherwise leave no time after.
 */
export const RESULT_HANDOVER_MS = 10 * 60_000;

/**
 * How long a token handed out must still have before it expires: the browser's way to the app,
 * and the app's check or redeem. One with less is replaced by a new one.
 */
const TOKEN_HANDOUT_MARGIN_MS = 60_000;

/**
 * The token the browser carries back to the app: minted once and handed out again on every
 * visit (a reload, Back, the countdown racing the Continue tap) while it has time left, so that
 * the token an app is about to redeem is never replaced under it; a new one only when it nears
 * its expiry. Until the app redeems one (`already_redeemed` after that), and for
 * RESULT_HANDOVER_MS after the verification (`result_expired` after that).
 */
export async function issueResultToken(
  session: Session,
): Promise<{ token: string } | { error: "already_redeemed" | "result_expired" }> {
  if (
    session.status !== "verified" ||
    !session.verifiedPhone ||
    !session.method ||
    session.verifiedAt === null
  ) {
    throw new Error(`session ${session.id} has no verification to hand out`);
  }
  if (session.tokenRedeemedAt !== null) return { error: "already_redeemed" };
  const at = now();
  if (at > session.verifiedAt + RESULT_HANDOVER_MS) return { error: "result_expired" };
  if (session.token && (session.tokenExpiresAt ?? 0) - at >= TOKEN_HANDOUT_MARGIN_MS) {
    return { token: session.token };
  }
  const { token, jti, expiresAt } = await signResultToken({
    aud: session.keyId,
    phone: session.verifiedPhone,
    method: session.method as MethodName,
    sessionId: session.id,
    reference: session.reference,
    name: session.displayName,
    verifiedAt: session.verifiedAt,
  });
  // Only over the token this request read: of two visits minting at once, one token is kept,
  // and the other visit hands out that one.
  const [stored] = await getDb()
    .update(sessions)
    .set({ token, tokenJti: jti, tokenExpiresAt: expiresAt, updatedAt: at })
    .where(
      and(
        eq(sessions.id, session.id),
        isNull(sessions.tokenRedeemedAt),
        session.tokenJti === null
          ? isNull(sessions.tokenJti)
          : eq(sessions.tokenJti, session.tokenJti),
      ),
    )
    .returning({ id: sessions.id });
  if (stored) return { token };
  const current = await findSession(session.id);
  return current ? issueResultToken(current) : { error: "already_redeemed" };
}
