import "server-only";
import { z } from "zod";
import { refusal } from "@/lib/i18n/catalogue";
import type { MethodHandler } from "@/lib/core/method";
import { networkOf } from "@/lib/ip";

import {
  createCheckFor,
  DEFAULT_TTL_S,
  initialState,
  phoneCheckDetails,
  refreshPhoneCheck,
  UNAVAILABLE,
} from "./check";
import type { PhoneCheckDetails } from "./details";
import { truidConfig } from "./provider";
import { phonecheckReasons } from "./reasons";
import { phonecheckSettings } from "./settings";

// The PhoneCheck method (tru.ID, docs/providers.md#truid-phonecheck). A check that tru.ID
// refuses at once (a number it cannot check, a rate limit) still makes a verification, in
// status failed: the status view explains why and offers SMS.

const STARTS_PER_PHONE_PER_HOUR = 20;
const HOUR = 3600_000;

// Start options, set by our own code only: the guide's endpoints make checks for a device.
const options = z.object({ device: z.boolean().default(false) }).default({ device: false });

export const phonecheckMethod = {
  name: "phonecheck",
  providerName: "truid",
  asks: "nothing",
  settings: phonecheckSettings,
  provider: truidConfig,
  unavailable: UNAVAILABLE,
  prepare({ phone, at, caller, options: input }) {
    const { device } = options.parse(input ?? undefined);
    const phonecheck = phonecheckSettings.read();
    const busy = refusal("server.errors.phonecheckBusy", "server.errors.phonecheckBusyAlone");
    return {
      fields: {
        providerState: JSON.stringify(initialState(device)),
        expiresAt: at + DEFAULT_TTL_S * 1000,
      },
      // Each check is billed: per number, per client address and network, and for all checks.
      allowances: [
        {
          bucket: "phonecheck_start",
          key: phone.e164,
          limit: STARTS_PER_PHONE_PER_HOUR,
          windowMs: HOUR,
          message: refusal("server.errors.phonecheckBudget", "server.errors.phonecheckBudgetAlone"),
        },
        {
          bucket: "phonecheck_ip",
          key: caller.ip ?? "unknown",
          limit: phonecheck.PHONECHECK_STARTS_PER_IP_PER_HOUR,
          windowMs: HOUR,
          message: busy,
        },
        {
          // An IPv6 client has a whole /64 of addresses to rotate through; an IPv4 one, a /24.
          bucket: "phonecheck_net",
          key: caller.ip ? networkOf(caller.ip) : "unknown",
          limit: phonecheck.PHONECHECK_STARTS_PER_NETWORK_PER_HOUR,
          windowMs: HOUR,
          message: busy,
        },
        {
          bucket: "phonecheck_all",
          key: "hour",
          limit: phonecheck.PHONECHECK_STARTS_PER_HOUR,
          windowMs: HOUR,
          message: busy,
        },
      ],
      begin: async (row) => ({ verification: await createCheckFor(row) }),
    };
  },
  // A device's check (the guide's endpoints) and a browser's are two starts, never twins: the
  // browser's has our redirect_url, which a device cannot finish, and a device given it would
  // hold a check that is not its own.
  lockKey: (input) => (options.parse(input ?? undefined).device ? "device" : "browser"),
  refresh: refreshPhoneCheck,
  details: phoneCheckDetails,
  reasons: phonecheckReasons,
} satisfies MethodHandler<{ phonecheck: PhoneCheckDetails }>;
