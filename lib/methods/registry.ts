import "server-only";
import { PhoneCheckIcon } from "./phonecheck/icon";
import { phonecheckMethod } from "./phonecheck/handler";
import { SmsIcon } from "./sms/icon";
import { smsMethod } from "./sms/handler";
import { TruecallerIcon } from "./truecaller/icon";
import { truecallerMethod } from "./truecaller/handler";

// Every method the app offers, in the order the start page shows them: its server handler
// (lib/core/method.ts) and its icon. Its panel in the status view is in ./panels.ts, its section
// of the simulated phone in ./phone-sections.ts: lists of their own, so that a page loads only
// the browser code it shows (a client component imported here would be in every page's
// JavaScript). A method is its folder plus its line in each: delete them and it is gone.
export const methods = {
  truecaller: { handler: truecallerMethod, Icon: TruecallerIcon },
  phonecheck: { handler: phonecheckMethod, Icon: PhoneCheckIcon },
  sms: { handler: smsMethod, Icon: SmsIcon },
};
