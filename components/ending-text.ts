import type { ReasonWords } from "@/lib/core/method";

/**
 * The text of an ending, as the page shows and announces it: where the number cannot be changed
 * (a session's app gave it), the words that do not offer another number, if the reason has them.
 */
export function endingText(message: ReasonWords, phoneFixed: boolean | undefined): string {
  return (phoneFixed && message.fixedNumber) || message.text;
}
