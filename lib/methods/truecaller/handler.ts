import "server-only";
import { findVerification } from "@/lib/db/verifications";
import { truecallerConfig } from "./provider";
import type { MethodHandler } from "@/lib/methods/registry";
import { startPush, truecallerDetails } from "./start";
import { settle } from "./background";

export const truecallerMethod: MethodHandler = {
  available: () => truecallerConfig() !== undefined,
  async start({ phone, bindingHash }) {
    return { verification: await startPush({ phone: phone.e164, bindingHash }) };
  },
  // A poll right after the callback sees its result: it waits for a profile fetch this process
  // is still running (bounded by the fetch's own timeout).
  async refresh(row) {
    const waitMs = (truecallerConfig()?.timeoutMs ?? 0) + 500;
    if (!(await settle(row.id, waitMs))) return row;
    return (await findVerification(row.id)) ?? row;
  },
  details: (row) => ({ truecaller: truecallerDetails(row) }),
};
