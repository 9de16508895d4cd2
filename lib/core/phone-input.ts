import { z } from "zod";

/** The phone number a person enters, as every start endpoint takes it. */
export const phoneInput = {
  phone: z.string({ error: "a phone number" }).max(32, { error: "at most 32 characters" }),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, { error: "a two-letter country code" })
    .optional(),
};

/** The verification session (an app's, on the hosted page) a start is an attempt of. */
export const sessionInput = {
  session: z.string().min(1).max(64).optional(),
};
