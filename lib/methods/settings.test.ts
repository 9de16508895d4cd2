import { readFileSync } from "node:fs";
import { afterEach, expect, test } from "vitest";
import { appVariables, reloadEnv } from "@/lib/env";
import { methods } from "./registry";
import { checkSettings } from "./settings";

// At start every part of the settings is read: the app's and each method's, each bad value
// named in one message, and the warnings of all of them.

const names = ["PORT", "CODE_LENGTH", "TRUID_DATA_RESIDENCY", "CODE_EXPIRATION", "VERCEL"];
const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
});

test("bad values in the methods' settings are named together, as one message", () => {
  Object.assign(process.env, { CODE_LENGTH: "12", TRUID_DATA_RESIDENCY: "mars" });
  reloadEnv();
  expect(() => checkSettings()).toThrowError(
    /^Invalid settings:\n(?=[\s\S]*CODE_LENGTH: expected a whole number from 4 to 10)(?=[\s\S]*TRUID_DATA_RESIDENCY: expected eu, in or us)/,
  );
});

test("a bad app setting is named once, not once for each method that reads it", () => {
  process.env.PORT = "0";
  let message = "";
  try {
    reloadEnv();
  } catch {
    // The app's settings fail alike when checkSettings reads them.
  }
  try {
    checkSettings();
  } catch (error) {
    message = String(error);
  }
  expect(message.match(/PORT: expected/g)).toHaveLength(1);
});

test("the warnings of the app and of each method, all of them", () => {
  expect(checkSettings()).toEqual([]);
  Object.assign(process.env, { CODE_EXPIRATION: "3600", VERCEL: "1" });
  reloadEnv();
  expect(checkSettings()).toEqual([
    expect.stringMatching(/CRON_SECRET is not set/),
    expect.stringMatching(/CODE_EXPIRATION=3600s/),
  ]);
});

test(".env.example documents every setting, the app's and each method's, and no other", () => {
  const example = readFileSync(".env.example", "utf8");
  const declared = [
    ...appVariables,
    ...Object.values(methods).flatMap(({ handler }) => handler.settings.variables),
  ];
  expect(declared).toContain("CODE_LENGTH");
  for (const name of declared) expect(example, name).toMatch(new RegExp(`\\b${name}\\b`));
  // Set before the app reads its settings: scripts/serve.mjs listens on it.
  const readElsewhere = ["HOST"];
  const documented = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
  expect(documented.length).toBeGreaterThan(50);
  for (const name of documented) expect([...declared, ...readElsewhere], name).toContain(name);
});
