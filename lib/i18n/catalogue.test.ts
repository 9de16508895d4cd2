import { describe, expect, test } from "vitest";
import { smsNumberRules } from "@/lib/methods/sms/emulator/rules";
import { truecallerNumberRules } from "@/lib/methods/truecaller/emulator/rules";
import type { ReasonRule } from "@/lib/core/method";
import { methods } from "@/lib/methods/registry";
import { messagesFor, reasonWords, say, words, type WordKey } from "./catalogue";
import { locales } from "./locales";

// Every language's catalogue says everything the English one says, with the same values in
// each sentence; every reason a method gives has its words; and words are found by key.

type Tree = { [key: string]: string | Tree };

/** Every word as "dotted.path" → the names of the values it fills in. */
function leaves(tree: Tree, prefix = ""): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === "string") {
      found.set(path, [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort());
    } else {
      for (const [child, names] of leaves(value, `${path}.`)) found.set(child, names);
    }
  }
  return found;
}

const english = leaves(messagesFor("en") as unknown as Tree);

describe.each(locales.filter((locale) => locale !== "en"))("the %s catalogue", (locale) => {
  const words = leaves(messagesFor(locale) as unknown as Tree);

  test("has every word the English one has, and no other", () => {
    // A plural may have more categories than English's one/other (e.g. "many").
    const plain = (keys: Iterable<string>) =>
      [...keys].filter((key) => !/\.(zero|two|few|many)$/.test(key)).sort();
    expect(plain(words.keys())).toEqual(plain(english.keys()));
  });

  test("fills in the same values in each sentence", () => {
    for (const [key, names] of english) {
      if (words.has(key)) expect(words.get(key), key).toEqual(names);
    }
  });

  test("is translated: its sentences are not the English ones", () => {
    const text = (language: typeof locale | "en", key: string) =>
      say(language, { key: key as WordKey });
    const same = [...english.keys()].filter(
      (key) => /\s/.test(text("en", key)) && text(locale, key) === text("en", key),
    );
    // The same in both: the product's name, an ending's title (its reason and the product's
    // name), a provider's version line.
    expect(same).toEqual(["app.name", "status.titleEnded", "sandbox.check"]);
  });
});

test("every reason every method gives has its words, in every language", () => {
  for (const locale of locales) {
    const unexplained = messagesFor(locale).server.reasons.unexplained;
    for (const [name, { handler }] of Object.entries(methods)) {
      const reasons: Record<string, ReasonRule> = handler.reasons;
      for (const [reason, rule] of Object.entries(reasons)) {
        const key = rule.words ?? reason;
        expect(reasonWords(locale, name, key), `${locale} ${name}.${reason}`).not.toBe(unexplained);
      }
    }
  }
});

test("a reason's text does not say its title again: the live region reads them one after the other", () => {
  const opening = (text: string) => text.toLowerCase().split(/\s+/).slice(0, 3).join(" ");
  for (const locale of locales) {
    for (const [name, { handler }] of Object.entries(methods)) {
      const reasons: Record<string, ReasonRule> = handler.reasons;
      for (const [reason, rule] of Object.entries(reasons)) {
        const { title, text } = reasonWords(locale, name, rule.words ?? reason);
        expect(opening(text), `${locale} ${name}.${reason}`).not.toBe(opening(title));
      }
    }
  }
});

test("the simulated phone's number rules are the emulators' rules", () => {
  for (const locale of locales) {
    const t = messagesFor(locale).sandbox;
    expect(Object.keys(t.smsRules).sort()).toEqual(Object.keys(smsNumberRules).sort());
    expect(Object.keys(t.truecallerRules).sort()).toEqual(
      Object.keys(truecallerNumberRules).sort(),
    );
  }
});

test("words are rendered by key, with their values and the plural the count asks for", () => {
  expect(say("en", words("sms.wrongCode", {}, 1))).toBe("That code is not right. 1 attempt left.");
  expect(say("es", words("sms.wrongCode", {}, 2))).toBe(
    "Ese código no es correcto. Te quedan 2 intentos.",
  );
  expect(say("es", words("server.errors.codeFormat", { length: 6 }))).toBe(
    "Escribe el código de 6 cifras del SMS.",
  );
});
