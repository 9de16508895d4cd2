import "server-only";
import { truidConfig } from "@/lib/providers/truid";
import type { MethodHandler } from "./methods";
import { phoneCheckDetails, refreshPhoneCheck, startPhoneCheck } from "./phonecheck";

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
