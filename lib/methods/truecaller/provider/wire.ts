import { z } from "zod";

// Truecaller TrueSDK for the web, wire shapes (docs/providers.md#truecaller, which names its
// sources). They stay in this folder.

// Flow A's request (docs/providers.md#flow-a-web-push): POST /v1/apps/requests → 200
// {"requestId": "vXbyFPwqiCAHZyxAldA9M9DDXKk="}: opaque, may hold "=", "+" and "/".
export const createRequestResponseSchema = z.object({ requestId: z.string().min(1).max(256) });

/** What flow A POSTs: "e164 phone number format without the '+' sign", documented as a Long. */
export type CreateRequestBody = { phoneNumber: number; state?: string };

// Truecaller's error body on every endpoint (docs/providers.md#errors):
// {"code": 1008, "message": "Forbidden: …"}.
export const errorBodySchema = z.object({
  code: z.coerce.number().optional(),
  message: z.string().optional(),
});

// The callback of either flow (docs/providers.md#callback). Unauthenticated, so only its shape
// is checked here; what it may do is decided by lib/methods/truecaller/callback.ts.
export const callbackSchema = z.object({
  requestId: z.string().min(1).max(256),
  // Printable ASCII only: it goes into an Authorization header.
  accessToken: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
  endpoint: z.string().max(2048).optional(), // flow B: the region's profile URL
  status: z.string().max(64).optional(), // flow B: "user_rejected" | "use_another_number"
  state: z.string().max(1024).optional(), // flow A: echoed from its request
});

// The profile, either flow. The documented shapes drift (docs/providers.md#profile): numbers
// as JSON numbers (2017) or strings (2018), `onlineIdentity` vs `onlineIdentities`, `isActive`
// as a boolean or "True", and `name.last` may be missing.
const identities = z
  .object({ email: z.string().optional(), url: z.string().optional() })
  .optional()
  .catch(undefined);

export const profileSchema = z.object({
  phoneNumbers: z.array(z.union([z.number(), z.string()])).min(1),
  name: z
    .object({ first: z.string().optional(), last: z.string().optional() })
    .optional()
    .catch(undefined),
  onlineIdentities: identities,
  onlineIdentity: identities,
  isActive: z.union([z.boolean(), z.string()]).optional().catch(undefined),
  gender: z.string().optional().catch(undefined),
  avatarUrl: z.string().optional().catch(undefined),
});

export type WireProfile = z.infer<typeof profileSchema>;
