import "server-only";
import { phonecheckMethod } from "./phonecheck/handler";
import { PhoneCheckPanel } from "./phonecheck/panel";
import { PhoneCheckPhoneSection } from "./phonecheck/phone-section";
import { smsMethod } from "./sms/handler";
import { SmsPanel } from "./sms/panel";
import { SmsPhoneSection } from "./sms/phone-section";
import { truecallerMethod } from "./truecaller/handler";
import { TruecallerPanel } from "./truecaller/panel";
import { TruecallerPhoneSection } from "./truecaller/phone-section";

// Every method the app offers, in the order the start page shows them: its server handler
// (lib/core/method.ts), its panel in the status view and its section of the simulated phone.
// A method is its folder plus its entry here: delete both and it is gone.
export const methods = {
  truecaller: {
    handler: truecallerMethod,
    Panel: TruecallerPanel,
    PhoneSection: TruecallerPhoneSection,
  },
  phonecheck: {
    handler: phonecheckMethod,
    Panel: PhoneCheckPanel,
    PhoneSection: PhoneCheckPhoneSection,
  },
  sms: { handler: smsMethod, Panel: SmsPanel, PhoneSection: SmsPhoneSection },
};
