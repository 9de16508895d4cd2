"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { startVerification, verificationOf } from "@/lib/api-client";
import type { VerificationDto } from "@/lib/core/dto";
import type { MethodName } from "@/lib/method-names";
import { firstCountry } from "@/lib/first-country";
import type { CountryOption, PhoneProblem } from "@/lib/phone";
import { useAnnounce } from "../announcer";
import { useI18n } from "../i18n";
import { useShowPhoneInPlay } from "../phone-in-play";
import { PhoneNumber } from "../phone-number";
import { handBack } from "./number-handoff";
import { PhoneField } from "./phone-field";
import { loadPhoneParser, usePhoneParser } from "./phone-parser";

// The number part of every start (the start page's form, a session's hosted page): a number
// given by whoever embeds it, or one typed with its country; then one tap starts a
// verification of it and opens its page.

/** A number the form does not ask for: given by whoever embeds the form. */
export type FixedPhone = { e164: string; display: string };

/** The number typed is not one we can verify: said under the field. */
class PhoneProblemError extends Error {
  constructor(readonly reason: PhoneProblem) {
    super(reason);
  }
}

/**
 * The country of a number typed in international form, where its prefix tells: the one the
 * whole number belongs to once it is valid; before that, the one country with the calling code
 * typed (+1 and +44 are shared by several: the picker stays until the number says which). The
 * picker keeps its country while that country has the prefix typed.
 */
function countryOfPrefix(
  typed: string,
  current: string,
  countries: CountryOption[],
  parse: ReturnType<typeof usePhoneParser>,
): string | undefined {
  const text = typed.trim();
  if (!text.startsWith("+")) return undefined;
  const offered = (code: string | undefined) =>
    code !== undefined && countries.some((country) => country.code === code);
  const parsed = parse?.(text, {});
  if (parsed?.ok && offered(parsed.phone.country)) return parsed.phone.country;
  const digits = text.replace(/\D/g, "");
  // Calling codes are one to three digits, and none is the start of another.
  for (let length = 1; length <= Math.min(3, digits.length); length++) {
    const sharing = countries.filter((country) => country.callingCode === digits.slice(0, length));
    if (sharing.length === 0) continue;
    if (sharing.some((country) => country.code === current)) return current;
    return sharing.length === 1 ? sharing[0]?.code : undefined;
  }
  return undefined;
}

/**
 * The number's state and the start: `start.mutate({ method })` checks the typed number (its
 * problem then shows under the field), starts the verification — an attempt of `session`
 * when given — and goes to its page (or hands it to `onStarted`).
 */
export function useNumberAndStart({
  countries,
  allowedCountries,
  phone,
  handedNumber,
  defaultCountry,
  session,
  onStarted,
  fixedHint,
  fixedTestId,
  startWith = startVerification,
}: {
  countries: CountryOption[];
  allowedCountries: string[];
  phone?: FixedPhone;
  /** The number a verification's page handed back (./number-handoff.ts), once it is read. */
  handedNumber?: string;
  defaultCountry?: string;
  session?: string;
  onStarted?: (verification: VerificationDto) => void;
  /** Said under a fixed number, and its test id. */
  fixedHint?: ReactNode;
  fixedTestId?: string;
  /** What starts it: POST /api/verifications, unless the page starts a method its own way. */
  startWith?: typeof startVerification;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const announce = useAnnounce();
  const parse = usePhoneParser();
  const input = useRef<HTMLInputElement>(null);
  const [country, setCountry] = useState(() =>
    firstCountry(
      countries.map((option) => option.code),
      defaultCountry,
    ),
  );
  const [number, setNumber] = useState("");
  // Brought back with the number: it fills the field (adjusted while rendering, as React advises
  // for state that follows other state), with the cursor in it and all of it selected, so that
  // typing replaces it and the arrows correct it.
  const [handed, setHanded] = useState<string>();
  if (handedNumber && handedNumber !== handed) {
    setHanded(handedNumber);
    setNumber(handedNumber);
  }
  useEffect(() => {
    if (handed) input.current?.select();
  }, [handed]);
  const [touched, setTouched] = useState(false);
  // The picker follows a number typed with its country's prefix ("+44 7400…"): asked again when
  // the number changes, and when the phone library arrives (it loads after the first paint, and
  // a number typed or pasted before can only be told by its calling code, which several
  // countries may share). Adjusted while rendering, as React advises for state that follows.
  // `before`: the country the picker had before it followed a prefix, which it goes back to once
  // the number has no prefix any more (a pasted "+44 …" cleared, a national number typed next).
  const [followed, setFollowed] = useState<{
    number: string;
    parsing: boolean;
    before?: string;
  }>({ number: "", parsing: false });
  if (followed.number !== number || followed.parsing !== Boolean(parse)) {
    const prefixed = countryOfPrefix(number, country, countries, parse);
    let before = followed.before;
    if (prefixed && prefixed !== country) {
      before ??= country;
      setCountry(prefixed);
    } else if (!number.trim().startsWith("+") && before !== undefined) {
      if (before !== country) setCountry(before);
      before = undefined;
    }
    setFollowed({ number, parsing: Boolean(parse), before });
  }
  const options = { country, allowedCountries };
  const parsed = phone || !parse ? undefined : parse(number, options);
  useShowPhoneInPlay(phone?.e164 ?? (parsed?.ok ? parsed.phone.e164 : undefined));

  const started = (verification: VerificationDto) => {
    // In a session, Back from the attempt comes to this choice of methods, and a reload of it
    // (or a language switch) keeps it: without `?choose`, the session's page goes on to the
    // pending attempt by itself.
    if (session && !new URLSearchParams(window.location.search).has("choose")) {
      window.history.replaceState(null, "", `${window.location.pathname}?choose`);
    }
    if (onStarted) onStarted(verification);
    else router.push(`/verify/${verification.id}`);
  };
  const start = useMutation({
    mutationFn: async (choice: { method: MethodName; challenge?: string }) => {
      let target = phone?.e164;
      if (!target) {
        const result = (await loadPhoneParser())(number, options);
        if (!result.ok) throw new PhoneProblemError(result.reason);
        target = result.phone.e164;
      }
      return startWith({ ...choice, phone: target, ...(session ? { session } : {}) });
    },
    onSuccess: ({ verification }, { method }) => {
      // For Back from the verification's page: the number typed, and its method, still there.
      if (!phone) handBack({ phone: verification.phoneDisplay, method });
      started(verification);
    },
    onError: (error) => {
      // A number we cannot verify: the cursor goes back to it, and what is wrong is said (the
      // hint under the field is not a live region, and the button pressed is far from it).
      if (error instanceof PhoneProblemError) {
        input.current?.focus();
        announce(t.phone.errors[error.reason]);
        return;
      }
      // An SMS that could not be sent still made a verification: its page offers the resend.
      const verification = verificationOf(error);
      if (verification) started(verification);
    },
  });
  const problem =
    parsed && !parsed.ok && touched && number.trim() !== ""
      ? parsed.reason
      : start.error instanceof PhoneProblemError
        ? start.error.reason
        : undefined;
  /** A start error the number field does not already say, nor the verification's page. */
  const startError =
    start.isError && !(start.error instanceof PhoneProblemError) && !verificationOf(start.error)
      ? start.error
      : undefined;
  const field = (
    <NumberEntry
      phone={phone}
      fixedHint={fixedHint}
      fixedTestId={fixedTestId}
      countries={countries}
      country={country}
      onCountry={(next) => {
        setCountry(next);
        // The person's own choice: no earlier country to go back to.
        setFollowed((current) => ({ ...current, before: undefined }));
        // Another country makes a national number another number: what went wrong no longer stands.
        if (start.isError) start.reset();
      }}
      number={number}
      onNumber={(typed) => {
        setNumber(typed);
        // What went wrong was about the number before: it no longer stands.
        if (start.isError) start.reset();
      }}
      inputRef={input}
      onBlur={() => setTouched(true)}
      understood={parsed?.ok ? parsed.phone.international : undefined}
      problem={problem}
    />
  );
  // Which number a refusal was about: the fixed one, or what was typed with its country.
  const numberKey = phone?.e164 ?? `${country} ${number.trim()}`;
  // The typed number's country, once it is a valid number: which methods can reach it.
  const numberCountry = parsed?.ok ? parsed.phone.country : undefined;
  return { start, startError, touch: () => setTouched(true), field, numberKey, numberCountry };
}

/** The fixed number, shown; or the number field. */
function NumberEntry({
  phone,
  fixedHint,
  fixedTestId,
  ...field
}: {
  phone?: FixedPhone;
  fixedHint?: ReactNode;
  fixedTestId?: string;
} & Parameters<typeof PhoneField>[0]) {
  const { t } = useI18n();
  if (!phone) return <PhoneField {...field} />;
  return (
    <div className="space-y-1">
      <p className="text-sm font-medium text-slate-900">{t.start.fixedNumber}</p>
      <p className="text-lg" data-testid={fixedTestId}>
        <PhoneNumber value={phone.display} />
      </p>
      {fixedHint}
    </div>
  );
}
