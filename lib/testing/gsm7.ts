// GSM 03.38: the 7-bit alphabet an SMS is written in unless one of its characters is outside it
// (then the whole SMS goes as UCS-2: 70 characters a segment instead of 160).

const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
// Written with an escape character first: two septets each.
const EXTENDED = "^{}\\[~]|€\f";

/** How many septets `text` takes in GSM-7; undefined when it cannot be written in it. */
export function gsm7Septets(text: string): number | undefined {
  let septets = 0;
  for (const character of text) {
    if (BASIC.includes(character)) septets += 1;
    else if (EXTENDED.includes(character)) septets += 2;
    else return undefined;
  }
  return septets;
}

/** One SMS segment holds 160 GSM-7 septets. */
export const GSM7_SEGMENT = 160;
