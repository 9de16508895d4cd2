import "server-only";
import en from "./messages/en.json";
import es from "./messages/es.json";
import { format, plural, type PluralForms, type Values } from "./format";
import type { Locale } from "./locales";

// The message catalogues: every word a person sees, one file per language. The server reads
// them whole; the browser gets its part (everything but `server`) from the root layout, so
// that no catalogue is part of the JavaScript it downloads.

export type Messages = typeof en;

/** What the browser's components read (components/i18n.tsx). */
export type ClientMessages = Omit<Messages, "server">;

const catalogues: Record<Locale, Messages> = { en, es };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

export function clientMessages(locale: Locale): ClientMessages {
  const client: Partial<Messages> = { ...catalogues[locale] };
  delete client.server;
  return client as ClientMessages;
}

type Leaf = string | PluralForms;

/** Every dotted path to a word or a plural of the catalogue: "server.errors.cooldown". */
export type WordKey = Paths<Messages>;

type Paths<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends Leaf
    ? `${Prefix}${K}`
    : T[K] extends object
      ? Paths<T[K], `${Prefix}${K}.`>
      : never;
}[keyof T & string];

/**
 * Words the server says without knowing yet in which language: a key, its values, a count; and
 * `then`, words said after them (a refusal's reason, then the way on that fits where it is said);
 * `alone`, the words instead where no other method is offered (an app's session that allows one
 * method): no "or verify another way" there.
 */
export type Words = { key: WordKey; values?: Values; count?: number; then?: Words; alone?: Words };

export function words(key: WordKey, values?: Values, count?: number): Words {
  return { key, values, count };
}

/**
 * A refusal that offers another way (`key`), with its words where there is none (`aloneKey`),
 * both with the same values.
 */
export function refusal(key: WordKey, aloneKey: WordKey, values?: Values, count?: number): Words {
  return { key, values, count, alone: { key: aloneKey, values, count } };
}

type Reason = {
  title: string;
  text: string;
  /** Where the app gave the number, which the person cannot change. */
  fixedNumber?: string;
  /** Where no other method is offered: no "verify another way". */
  alone?: string;
  /** Both. */
  fixedAlone?: string;
};

/**
 * The words of a reason a method gives (`server.reasons.<method>.<reason>`); for a reason the
 * catalogue does not know (or "unexplained"), the words for an ending nobody explained.
 */
export function reasonWords(locale: Locale, method: string, reason: string): Reason {
  const reasons = catalogues[locale].server.reasons as unknown as Record<
    string,
    Record<string, Reason | undefined> | undefined
  >;
  return reasons[method]?.[reason] ?? catalogues[locale].server.reasons.unexplained;
}

/** The words in `locale`. */
export function say(locale: Locale, { key, values, count, then }: Words): string {
  let node: unknown = catalogues[locale];
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  const said =
    typeof node === "string"
      ? format(node, values)
      : plural(node as PluralForms, count ?? 0, locale, values);
  return then ? `${said} ${say(locale, then)}` : said;
}
