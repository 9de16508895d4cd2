import { describe, expectTypeOf, test } from "vitest";
import type { PhoneCheckDetails, PhoneCheckDto } from "./phonecheck/details";
import type { SmsDetails, SmsDto } from "./sms/details";
import type { TruecallerDetails, TruecallerDto } from "./truecaller/details";
import type { DtoOf, MethodName, VerificationDto } from "./dto";

// The status DTO is a union keyed on `method`: a panel that knows its method gets its details
// without a cast, and cannot reach another method's. These checks run in `npm run typecheck`.

/** A type guard on `method` narrows the union too. */
function isMethod<M extends MethodName>(
  verification: VerificationDto,
  method: M,
): verification is DtoOf<M> {
  return verification.method === method;
}

describe("VerificationDto", () => {
  test("one variant per method of the registry", () => {
    expectTypeOf<MethodName>().toEqualTypeOf<"truecaller" | "phonecheck" | "sms">();
    expectTypeOf<VerificationDto["method"]>().toEqualTypeOf<MethodName>();
  });

  test("each variant carries its own method's details", () => {
    expectTypeOf<DtoOf<"sms">["sms"]>().toEqualTypeOf<SmsDetails>();
    expectTypeOf<DtoOf<"truecaller">["truecaller"]>().toEqualTypeOf<TruecallerDetails>();
    expectTypeOf<DtoOf<"phonecheck">["phonecheck"]>().toEqualTypeOf<PhoneCheckDetails>();
  });

  test("the variant each panel names is the one the handler makes", () => {
    expectTypeOf<DtoOf<"sms">>().toEqualTypeOf<SmsDto>();
    expectTypeOf<DtoOf<"truecaller">>().toEqualTypeOf<TruecallerDto>();
    expectTypeOf<DtoOf<"phonecheck">>().toEqualTypeOf<PhoneCheckDto>();
  });

  test("checking `method` narrows the union; other methods' details are out of reach", () => {
    const read = (verification: VerificationDto) => {
      if (verification.method === "sms") {
        expectTypeOf(verification.sms).toEqualTypeOf<SmsDetails>();
        // @ts-expect-error an SMS verification has no Truecaller details
        void verification.truecaller;
      }
      if (isMethod(verification, "phonecheck")) {
        expectTypeOf(verification.phonecheck).toEqualTypeOf<PhoneCheckDetails>();
      }
      // @ts-expect-error before narrowing, no method's details are known
      void verification.sms;
    };
    expectTypeOf(read).toBeFunction();
  });
});
