import { describe, expectTypeOf, test } from "vitest";
import type { EXPIRED_REASON, SESSION_ENDED_REASON } from "@/lib/core/endings";
import type { MethodName } from "@/lib/method-names";
import { pendingDtoBase } from "@/lib/testing/dto";
import type { methods } from "@/lib/methods/registry";
import type { PhoneCheckDetails, PhoneCheckDto } from "@/lib/methods/phonecheck/details";
import type { PhoneCheckReason } from "@/lib/methods/phonecheck/reasons";
import type { SmsDetails, SmsDto } from "@/lib/methods/sms/details";
import type { SmsReason } from "@/lib/methods/sms/reasons";
import type { TruecallerDetails, TruecallerDto } from "@/lib/methods/truecaller/details";
import type { TruecallerReason } from "@/lib/methods/truecaller/reasons";
import {
  isMethodDto,
  type CoreReason,
  type DtoOf,
  type MethodDtos,
  type VerificationDto,
} from "@/lib/core/dto";

// The status DTO is a union keyed on `method`: a panel that knows its method gets its details
// and its reason codes without a cast, and cannot reach another method's. These checks run in
// `npm run typecheck`.

describe("VerificationDto", () => {
  test("one variant per method of lib/method-names.ts", () => {
    expectTypeOf<MethodName>().toEqualTypeOf<"truecaller" | "phonecheck" | "sms">();
    expectTypeOf<keyof MethodDtos>().toEqualTypeOf<MethodName>();
    expectTypeOf<VerificationDto["method"]>().toEqualTypeOf<MethodName>();
  });

  test("each variant carries its own method's details", () => {
    expectTypeOf<DtoOf<"sms">["sms"]>().toEqualTypeOf<SmsDetails>();
    expectTypeOf<DtoOf<"truecaller">["truecaller"]>().toEqualTypeOf<TruecallerDetails>();
    expectTypeOf<DtoOf<"phonecheck">["phonecheck"]>().toEqualTypeOf<PhoneCheckDetails>();
  });

  test("each variant's reason is the core's reasons and its method's own codes", () => {
    expectTypeOf<CoreReason>().toEqualTypeOf<typeof EXPIRED_REASON | typeof SESSION_ENDED_REASON>();
    expectTypeOf<DtoOf<"sms">["reason"]>().toEqualTypeOf<CoreReason | SmsReason | null>();
    expectTypeOf<DtoOf<"truecaller">["reason"]>().toEqualTypeOf<
      CoreReason | TruecallerReason | null
    >();
    expectTypeOf<DtoOf<"phonecheck">["reason"]>().toEqualTypeOf<
      CoreReason | PhoneCheckReason | null
    >();
    const read = (verification: TruecallerDto) => {
      // @ts-expect-error not a Truecaller reason: a comparison with it is a typo
      void (verification.reason === "too_many_attempts");
      void (verification.reason === "not_truecaller_user");
    };
    expectTypeOf(read).toBeFunction();
  });

  test("the variant each panel names is the one the server's registry makes", () => {
    // Made by spreading, so a flat object type: the same fields as the variant, both ways.
    type Made<M extends MethodName> = ReturnType<(typeof methods)[M]["dto"]>;
    expectTypeOf<Made<"sms">>().toExtend<SmsDto>();
    expectTypeOf<SmsDto>().toExtend<Made<"sms">>();
    expectTypeOf<Made<"truecaller">>().toExtend<TruecallerDto>();
    expectTypeOf<TruecallerDto>().toExtend<Made<"truecaller">>();
    expectTypeOf<Made<"phonecheck">>().toExtend<PhoneCheckDto>();
    expectTypeOf<PhoneCheckDto>().toExtend<Made<"phonecheck">>();
    expectTypeOf<DtoOf<"sms">>().toEqualTypeOf<SmsDto>();
  });

  test("checking `method` narrows the union; other methods' details are out of reach", () => {
    const read = (verification: VerificationDto) => {
      if (verification.method === "sms") {
        expectTypeOf(verification.sms).toEqualTypeOf<SmsDetails>();
        // @ts-expect-error an SMS verification has no Truecaller details
        void verification.truecaller;
      }
      if (isMethodDto(verification, "phonecheck")) {
        expectTypeOf(verification).toEqualTypeOf<PhoneCheckDto>();
        expectTypeOf(verification.phonecheck).toEqualTypeOf<PhoneCheckDetails>();
      }
      // @ts-expect-error before narrowing, no method's details are known
      void verification.sms;
    };
    expectTypeOf(read).toBeFunction();
  });
});

describe("isMethodDto", () => {
  const sms: VerificationDto = {
    ...pendingDtoBase,
    method: "sms",
    sms: {
      codeLength: 6,
      attemptsLeft: 5,
      wrongCodes: 0,
      sendsLeft: 2,
      resendAvailableAt: null,
      lastSendFailed: false,
      sandbox: true,
    },
  };

  test("is true of its own method only", ({ expect }) => {
    expect(isMethodDto(sms, "sms")).toBe(true);
    expect(isMethodDto(sms, "truecaller")).toBe(false);
    expect(isMethodDto(sms, "phonecheck")).toBe(false);
  });
});
