import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { copyOfTheApp, methodLists, removeMethod, typeErrors } from "./method-removal";

// The helpers of the removal check that `npm run typecheck` runs (./method-removal.ts): what a
// removal deletes and edits, and that the check finds code leaning on a removed method. The
// full check, a type check of the whole app once per method, runs there, not here.

const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

function copy(): string {
  const made = copyOfTheApp();
  copies.push(made);
  return made;
}

describe("removing a method", () => {
  test("takes its folder, its routes, its name and its lines in the lists; nothing else", () => {
    const app = copy();
    expect(existsSync(path.join(app, "lib/testing"))).toBe(false);
    const routes = removeMethod(app, "truecaller");
    expect(routes.sort()).toEqual([
      "app/ajaxpost/route.ts",
      "app/api/sandbox/truecaller/[...path]/route.ts",
      "app/api/truecaller/callback/route.ts",
      // No import of the folder (it starts through lib/methods/service.ts), but names it.
      "app/api/truecaller/deep-link/route.ts",
      "app/auth/true-sdk/route.ts",
    ]);
    expect(existsSync(path.join(app, "lib/methods/truecaller"))).toBe(false);
    expect(existsSync(path.join(app, "lib/methods/sms/handler.ts"))).toBe(true);
    expect(readFileSync(path.join(app, "lib/method-names.ts"), "utf8")).toContain(
      'methodNames = ["phonecheck","sms"]',
    );
    for (const list of methodLists) {
      const text = readFileSync(path.join(app, list), "utf8");
      expect(text, list).not.toMatch(/truecaller/i);
      expect(text, list).toMatch(/\n {2}sms: /);
    }
  });

  test("the way on moves to another method when it was the one removed", () => {
    const app = copy();
    removeMethod(app, "sms");
    expect(readFileSync(path.join(app, "lib/method-names.ts"), "utf8")).toContain(
      'anyPhoneMethod: MethodName = "truecaller"',
    );
  });

  test("the type check finds a module that leans on a removed method", async () => {
    const app = copy();
    removeMethod(app, "sms");
    // One module and what it imports, to keep this quick: the core naming SMS's DTO.
    writeFileSync(
      path.join(app, "lib/core/leaning.ts"),
      'import type { SmsDto } from "@/lib/methods/sms/details";\nexport type Leaning = SmsDto;\n',
    );
    writeFileSync(path.join(app, "lib/core/fine.ts"), "export const fine = 1;\n");
    const config = JSON.parse(readFileSync(path.join(app, "tsconfig.json"), "utf8"));
    const only = (file: string) =>
      writeFileSync(
        path.join(app, "tsconfig.json"),
        JSON.stringify({ ...config, include: undefined, files: [file] }),
      );
    only("lib/core/fine.ts");
    expect(await typeErrors(app)).toBe("");
    only("lib/core/leaning.ts");
    expect(await typeErrors(app)).toMatch(/lib\/core\/leaning\.ts.*Cannot find module/);
  }, 60_000);
});
