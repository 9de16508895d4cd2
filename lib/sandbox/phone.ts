import "server-only";
import { ApiError } from "@/lib/errors";
import { parsePhone } from "@/lib/phone";

/**
 * The simulated phone's number from a query string: E.164 only, so that it names one phone. A
 * "+" written as such in a URL (`?number=+1206…`, as curl sends it) arrives as a space: a space
 * before the first digit is taken for it.
 */
export function sandboxPhone(query: string | null): string {
  const number = query?.replace(/^ (?=\d)/, "+");
  const parsed = parsePhone(number ?? "");
  if (!parsed.ok || !number?.trim().startsWith("+")) {
    throw new ApiError(
      "invalid_phone",
      "Give the phone's number in E.164 form, e.g. +12065550123.",
    );
  }
  return parsed.phone.e164;
}
