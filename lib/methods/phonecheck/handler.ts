import "server-only";
import { truidConfig } from "./provider";
import type { MethodHandler } from "@/lib/methods/registry";
import { phoneCheckDetails, refreshPhoneCheck, startPhoneCheck } from "./check";

// A check that tru.ID refuses at once (a number it cannot check, a rate limit) still makes a
// verification, in status failed: the status view explains why and offers SMS.
export const phoneCheckMethod: MethodHandler = {
  available: () => truidConfig() !== undefined,
  async start({ phone, bindingHash }) {
    return { verification: await startPhoneCheck({ phone: phone.e164, bindingHash }) };
  },
  refresh: refreshPhoneCheck,
  details: phoneCheckDetails,
};
