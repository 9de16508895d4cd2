import { z } from "zod";
import { sandboxBesideRealProvider, settingsPart } from "@/lib/env";
import { int, optionalText, url } from "@/lib/env-fields";

// The PhoneCheck method's settings: its budgets (every check is billed) and tru.ID's account.
// `.env.example` documents each one.

const schema = z.object({
  PHONECHECK_STARTS_PER_IP_PER_HOUR: int(1, 1_000_000).default(20),
  PHONECHECK_STARTS_PER_NETWORK_PER_HOUR: int(1, 1_000_000).default(60),
  PHONECHECK_STARTS_PER_HOUR: int(1, 10_000_000).default(1000),

  TRUID_CLIENT_ID: optionalText,
  TRUID_CLIENT_SECRET: optionalText,
  TRUID_DATA_RESIDENCY: z.enum(["eu", "in", "us"], { error: "eu, in or us" }).default("eu"),
  TRUID_BASE_URL: url.optional(),
  TRUID_PHONECHECK_VERSION: z.enum(["v0.2", "v0.1"], { error: "v0.2 or v0.1" }).default("v0.2"),
  TRUID_CALLBACK_URL: url.optional(),
  TRUID_TIMEOUT_MS: int(100, 60_000).default(8_000),
  TRUID_SANDBOX_CLIENT_ID: z.string().min(1).default("sandbox-truid-client-id"),
  TRUID_SANDBOX_CLIENT_SECRET: z.string().min(1).default("sandbox-truid-client-secret"),
});

/** The PhoneCheck method's settings: `parse` reads a given environment, `read` process.env. */
export const phonecheckSettings = settingsPart(
  schema,
  (phonecheck, env, { problems, warnings }) => {
    problems.push(...sandboxBesideRealProvider(env, "TRUID_CLIENT_ID", phonecheck.TRUID_CLIENT_ID));
    if (Boolean(phonecheck.TRUID_CLIENT_ID) !== Boolean(phonecheck.TRUID_CLIENT_SECRET)) {
      problems.push("  TRUID_CLIENT_ID / TRUID_CLIENT_SECRET: set both or neither");
    }
    if (env.NODE_ENV === "production" && phonecheck.TRUID_PHONECHECK_VERSION === "v0.1") {
      warnings.push(
        "TRUID_PHONECHECK_VERSION=v0.1: tru.ID's older flow, in which the result is read without the device's one-time code; v0.2 (the default) needs it",
      );
    }
    return phonecheck;
  },
);
