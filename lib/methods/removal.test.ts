import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { methodNames, type MethodName } from "@/lib/method-names";

// The README's "How it works" says how to remove a method: its folder, its name in
// lib/method-names.ts, its line in each of the three lists, and the routes under app/ that serve
// it. This does exactly that for each method, in a copy of the app's production code, and
// type-checks what is left: code elsewhere that came to depend on one method fails here.

const root = path.resolve(__dirname, "../..");
const lists = ["lib/methods/registry.ts", "lib/methods/panels.ts", "lib/methods/phone-sections.ts"];
const copies: string[] = [];

afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** The app's production code (no tests, no test helpers) in a new folder, with its packages. */
function copyOfTheApp(): string {
  const copy = mkdtempSync(path.join(tmpdir(), "method-removal-"));
  copies.push(copy);
  const production = (source: string) =>
    !/\.test\.tsx?$/.test(source) && !source.includes(`${path.sep}lib${path.sep}testing`);
  for (const folder of ["app", "components", "lib"]) {
    cpSync(path.join(root, folder), path.join(copy, folder), {
      recursive: true,
      filter: production,
    });
  }
  for (const file of ["instrumentation.ts", "proxy.ts"]) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(copy, file));
  }
  symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
  const config = JSON.parse(readFileSync(path.join(root, "tsconfig.json"), "utf8"));
  config.compilerOptions.incremental = false;
  config.include = ["**/*.ts", "**/*.tsx"];
  config.exclude = ["node_modules"];
  writeFileSync(path.join(copy, "tsconfig.json"), JSON.stringify(config, null, 2));
  return copy;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** What removing `method` deletes and edits, as a maintainer would. Returns the routes deleted. */
function removeMethod(copy: string, method: MethodName): string[] {
  rmSync(path.join(copy, "lib/methods", method), { recursive: true });
  // Its routes: the modules under app/ that import its folder or name it.
  const routes = filesUnder(path.join(copy, "app")).filter((file) => {
    const text = readFileSync(file, "utf8");
    return text.includes(`@/lib/methods/${method}/`) || text.includes(`"${method}"`);
  });
  for (const file of routes) rmSync(file);
  // Its name, and the method the others hand on to when it was that one.
  const namesFile = path.join(copy, "lib/method-names.ts");
  const rest = methodNames.filter((name) => name !== method);
  const names = readFileSync(namesFile, "utf8")
    .replace(/methodNames = \[[^\]]*\]/, `methodNames = ${JSON.stringify(rest)}`)
    .replace(
      `anyPhoneMethod: MethodName = "${method}"`,
      `anyPhoneMethod: MethodName = "${rest[0]}"`,
    );
  writeFileSync(namesFile, names);
  // Its line in each list, and the imports of its folder there.
  for (const list of lists) {
    const file = path.join(copy, list);
    const kept = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !line.includes(`"./${method}/`) && !line.startsWith(`  ${method}: `));
    writeFileSync(file, kept.join("\n"));
  }
  return routes.map((file) => path.relative(copy, file));
}

async function typeErrors(copy: string): Promise<string> {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  try {
    await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", copy], { cwd: copy });
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout || String(error);
  }
}

describe("removing a method", () => {
  test.each(methodNames)(
    "%s: its folder, name, list lines and routes go, and the rest type-checks",
    async (method) => {
      const copy = copyOfTheApp();
      const routes = removeMethod(copy, method);
      // Each method serves routes of its own (its guide's API, its emulator's catch-all).
      expect(routes.length).toBeGreaterThan(0);
      for (const list of [...lists, "lib/method-names.ts"]) {
        expect(readFileSync(path.join(copy, list), "utf8"), list).not.toMatch(
          new RegExp(`\\b${method}\\b|"${method}"`),
        );
      }
      expect(await typeErrors(copy)).toBe("");
    },
    120_000,
  );

  test("a change that leans on a removed method fails the check", async () => {
    const copy = copyOfTheApp();
    // The core naming SMS's DTO: what the check exists to catch.
    const limits = path.join(copy, "lib/core/limits.ts");
    const leaning = `import type { SmsDto } from "@/lib/methods/sms/details";\nexport type Leaning = SmsDto;\n`;
    writeFileSync(limits, leaning + readFileSync(limits, "utf8"));
    removeMethod(copy, "sms");
    // Only that module and what it imports, to keep this quick.
    const config = JSON.parse(readFileSync(path.join(copy, "tsconfig.json"), "utf8"));
    writeFileSync(
      path.join(copy, "tsconfig.json"),
      JSON.stringify({ ...config, include: undefined, files: ["lib/core/limits.ts"] }),
    );
    expect(await typeErrors(copy)).toContain("lib/core/limits.ts");
  }, 120_000);
});
