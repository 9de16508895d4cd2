import "server-only";
import type { DtoOf } from "@/lib/core/dto";
import type { MethodHandler } from "@/lib/core/method";
import { describe } from "@/lib/core/status";
import type { Verification } from "@/lib/db/schema";
import type { Locale } from "@/lib/i18n/locales";
import type { MethodName } from "@/lib/method-names";
import { PhoneCheckIcon } from "./phonecheck/icon";
import { phonecheckMethod } from "./phonecheck/handler";
import { SmsIcon } from "./sms/icon";
import { smsMethod } from "./sms/handler";
import { TruecallerIcon } from "./truecaller/icon";
import { truecallerMethod } from "./truecaller/handler";

// The server's list of methods, by the names of lib/method-names.ts: each method's handler
// (lib/core/method.ts), its icon, and how its status DTO is made. The browser's lists, its
// status-view panels (./panels.ts) and its simulated-phone sections (./phone-sections.ts), are
// apart, so that a page loads only the browser code it shows. A method is its folder, its name
// in lib/method-names.ts and its line in each list: the README's "How it works" says how to
// remove one.
export const methods = {
  truecaller: entry("truecaller", truecallerMethod, TruecallerIcon),
  phonecheck: entry("phonecheck", phonecheckMethod, PhoneCheckIcon),
  sms: entry("sms", smsMethod, SmsIcon),
} satisfies {
  [M in MethodName]: { dto(row: Verification, locale?: Locale, endsBy?: number): DtoOf<M> };
};

/**
 * A method's line: its handler, its icon, and its status DTO — the core's base with the
 * method's name and reasons, and the handler's details — typed as that method's variant.
 */
function entry<
  M extends MethodName,
  Reason extends string,
  Details extends Record<string, unknown>,
>(
  name: M,
  handler: MethodHandler<Details> & { reasons: Record<Reason, unknown> },
  Icon: () => React.ReactNode,
) {
  return {
    handler,
    Icon,
    dto: (row: Verification, locale?: Locale, endsBy?: number) => ({
      ...describe<Reason>(handler, row, locale),
      method: name,
      ...handler.details(row, { endsBy }),
    }),
  };
}
