import "server-only";
import { flowrouteConfig } from "./provider";
import type { MethodHandler } from "@/lib/methods/registry";
import { smsDetails, startSms } from "./sms";

export const smsMethod: MethodHandler = {
  available: () => flowrouteConfig() !== undefined,
  async start({ phone, bindingHash }) {
    const { verification, delivery } = await startSms({ phone: phone.e164, bindingHash });
    return delivery.ok
      ? { verification }
      : { verification, problem: { code: "sms_send_failed", message: delivery.message } };
  },
  details: (row) => ({ sms: smsDetails(row) }),
};
