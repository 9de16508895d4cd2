import { z } from "zod";

// tru.ID wire shapes (docs/providers.md#truid-phonecheck, which names its sources; the model
// names below are its specification's). They stay in this folder: the rest of the app sees the
// types of client.ts.

// POST /oauth2/v1/token (docs/providers.md#oauth2-token); token_type is always "bearer".
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
});

const checkStatusSchema = z.enum(["ACCEPTED", "PENDING", "COMPLETED", "EXPIRED", "ERROR"]);

const link = z.object({ href: z.string().min(1) });

// 201 PhoneCheckCreateResponse (docs/providers.md#creating-a-check). `_links.check_url.href` is the
// URL the device opens: followed verbatim, never rebuilt (the spec's own examples spell the path
// /phone_checks/, the service /phone_check/).
export const createResponseSchema = z.object({
  check_id: z.string().min(1),
  status: checkStatusSchema,
  ttl: z.number().int().positive().optional(),
  created_at: z.string().optional(),
  _links: z.object({ self: link.optional(), check_url: link }),
});

// 200 PhoneCheck (docs/providers.md#reading-a-check): `match` and `network_id` only when COMPLETED,
// `error_code` only when ERROR.
export const checkSchema = z.object({
  check_id: z.string().min(1),
  status: checkStatusSchema,
  match: z.boolean().optional(),
  network_id: z.string().optional(),
  error_code: z.string().optional(),
  ttl: z.number().int().optional(),
});

// 200 PhoneCheckPatchPartial (docs/providers.md#the-check-url-and-the-code-v02): `match` only
// when COMPLETED.
export const patchResponseSchema = z.object({
  check_id: z.string().min(1),
  status: checkStatusSchema,
  match: z.boolean().optional(),
});

// application/problem+json (docs/providers.md#errors-1): type is
// "https://developer.tru.id/docs/reference/api-errors#<slug>".
export const problemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.number().optional(),
});

// The token endpoint's standard OAuth2 errors, which tru.ID's specification leaves out
// (docs/providers.md#oauth2-token).
export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

// PhoneCheckCallbackPayload (docs/providers.md#callbacks-and-signatures), POSTed when a check reaches a final status.
export const callbackPayloadSchema = z.object({
  check_id: z.string().min(1).max(64),
  status: checkStatusSchema,
  match: z.boolean().optional(),
  error_code: z.string().max(64).optional(),
  reference_id: z.string().optional(),
});

// GET {base}/.well-known/jwks.json — the keys tru.ID signs callbacks with.
export const jwksSchema = z.object({
  keys: z.array(
    z
      .object({ kid: z.string().min(1), kty: z.string(), alg: z.string().optional() })
      .catchall(z.unknown()),
  ),
});

export type WireCheckStatus = z.infer<typeof checkStatusSchema>;

/** What we POST to create a check (CheckCreatePayload; v0.2 adds redirect_url). */
export type CreatePayload = {
  phone_number: string;
  redirect_url?: string;
  callback_url?: string;
  reference_id?: string;
};

/** The one JSON-Patch operation PATCH /phone_check/v0.2/checks/{id} takes. */
export type CodePatch = [{ op: "add"; path: "/code"; value: string }];

// 200 from GET /coverage/v0.1/device_ips/{ip} (docs/providers.md#coverage): the mobile network
// the address belongs to and the products tru.ID offers on it.
export const reachSchema = z.object({
  network_id: z.string().min(1),
  network_name: z.string().optional(),
  country_code: z.string().optional(),
  products: z
    .array(z.object({ product_id: z.string(), product_name: z.string().optional() }))
    .optional(),
});
