import { z } from "zod";

// Flowroute Messaging API v2.1 wire shapes (docs/providers.md#messaging-api-v21, which names its
// sources). They stay in this folder.

export const sendResponseSchema = z.object({
  data: z.object({
    type: z.literal("message"),
    id: z.string().min(1),
    links: z.object({ self: z.string() }).optional(),
  }),
});

// Its errors (docs/providers.md#messaging-api-v21): "the status in the error will match the HTTP
// status code".
export const errorEnvelopeSchema = z.object({
  errors: z
    .array(
      z.object({
        id: z.string().optional(),
        status: z.coerce.number().optional(),
        title: z.string().optional(),
        detail: z.string().optional(),
      }),
    )
    .min(1),
});

/** What we POST: the documented flat form. */
export type SendRequest = { to: string; from: string; body: string; dlr_callback?: string };
