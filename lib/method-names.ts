// The names of the methods the app has, in the order the start page offers them. Client-safe
// and imports nothing, so that every layer (request schemas, pages, components) may name a
// method without reaching up into lib/methods. Each method's code is lib/methods/<name>/;
// lib/methods/registry.ts (server), lib/methods/panels.ts and lib/methods/phone-sections.ts
// (browser) list it by these names.

export const methodNames = ["truecaller", "phonecheck", "sms"] as const;

export type MethodName = (typeof methodNames)[number];

/** The method every phone can take (an SMS reaches any number): the way on when another ends. */
export const anyPhoneMethod: MethodName = "sms";

export function isMethodName(name: string): name is MethodName {
  return (methodNames as readonly string[]).includes(name);
}
