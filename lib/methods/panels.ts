import type { ComponentType } from "react";
import type { MethodName } from "@/lib/method-names";
import { PhoneCheckPanel } from "./phonecheck/panel";
import { SmsPanel } from "./sms/panel";
import { TruecallerPanel } from "./truecaller/panel";

// Each method's panel in the status view (/verify/:id), by the names of lib/method-names.ts.
export const panels = {
  truecaller: TruecallerPanel,
  phonecheck: PhoneCheckPanel,
  sms: SmsPanel,
} satisfies Record<MethodName, ComponentType>;
