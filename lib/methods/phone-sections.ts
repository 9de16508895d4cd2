import type { ComponentType } from "react";
import type { MethodName } from "@/lib/method-names";
import { PhoneCheckPhoneSection } from "./phonecheck/phone-section";
import { SmsPhoneSection } from "./sms/phone-section";
import { TruecallerPhoneSection } from "./truecaller/phone-section";

// Each method's section of the simulated phone (/sandbox), by the names of lib/method-names.ts.
export const phoneSections = {
  truecaller: TruecallerPhoneSection,
  phonecheck: PhoneCheckPhoneSection,
  sms: SmsPhoneSection,
} satisfies Record<MethodName, ComponentType>;
