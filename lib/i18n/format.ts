import type { Locale } from "./locales";

// Filling in the catalogue's words. Client-safe. A template names its values in braces
// ("Expires in {time}"); a word that depends on a count has one form per CLDR plural category
// the language uses ({ "one": "…", "other": "…" }), `other` being required.

export type Values = Record<string, string | number>;

export type PluralForms = { other: string } & Partial<
  Record<"zero" | "one" | "two" | "few" | "many", string>
>;

export function format(template: string, values: Values = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function plural(
  forms: PluralForms,
  count: number,
  locale: Locale,
  values: Values = {},
): string {
  const category = new Intl.PluralRules(locale).select(count) as keyof PluralForms;
  return format(forms[category] ?? forms.other, { count, ...values });
}
