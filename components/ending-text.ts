import type { ReasonWords } from "@/lib/core/method";

/**
 * The text of an ending, as the page shows and announces it: the words that fit the ways on the
 * page has. Where the number cannot be changed (a session's app gave it), the words that do not
 * offer another number; where no other method is offered (a session that allows this one alone,
 * a server with one method), the words that do not offer another way: each if the reason has
 * them.
 */
export function endingText(
  message: ReasonWords,
  where: { phoneFixed?: boolean; othersOffered: boolean },
): string {
  const { phoneFixed, othersOffered } = where;
  if (!othersOffered) {
    const alone = (phoneFixed && message.fixedAlone) || message.alone;
    if (alone) return alone;
  }
  return (phoneFixed && message.fixedNumber) || message.text;
}
