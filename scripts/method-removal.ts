// npm run typecheck, after the app's own check: removes each method as the README's "How it
// works" says (its folder, its name in lib/method-names.ts, its line in each of the three lists,
// and the modules under app/ that serve it), in a copy of the app's production code, and
// type-checks what is left. Code elsewhere that came to lean on one method fails here.
// The copies are checked side by side, one per core; each takes about ten seconds.
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
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { methodNames, type MethodName } from "../lib/method-names";

const root = path.resolve(import.meta.dirname, "..");
export const methodLists = [
  "lib/methods/registry.ts",
  "lib/methods/panels.ts",
  "lib/methods/phone-sections.ts",
];

/** The app's production code (no tests, no test helpers) in a new folder, with its packages. */
export function copyOfTheApp(): string {
  const copy = mkdtempSync(path.join(tmpdir(), "method-removal-"));
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

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Removes `method` from the app in `copy`, as a maintainer would: its folder, the modules under
 * app/ that import its folder or name it, its name (and the way on, if it was that), its line
 * and imports in each list. Answers the modules under app/ it deleted.
 */
export function removeMethod(copy: string, method: MethodName): string[] {
  rmSync(path.join(copy, "lib/methods", method), { recursive: true });
  const routes = sourcesUnder(path.join(copy, "app")).filter((file) => {
    const text = readFileSync(file, "utf8");
    return text.includes(`@/lib/methods/${method}/`) || text.includes(`"${method}"`);
  });
  for (const file of routes) rmSync(file);
  const namesFile = path.join(copy, "lib/method-names.ts");
  const rest = methodNames.filter((name) => name !== method);
  const names = readFileSync(namesFile, "utf8")
    .replace(/methodNames = \[[^\]]*\]/, `methodNames = ${JSON.stringify(rest)}`)
    .replace(
      `anyPhoneMethod: MethodName = "${method}"`,
      `anyPhoneMethod: MethodName = "${rest[0]}"`,
    );
  writeFileSync(namesFile, names);
  for (const list of methodLists) {
    const file = path.join(copy, list);
    const kept = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !line.includes(`"./${method}/`) && !line.startsWith(`  ${method}: `));
    writeFileSync(file, kept.join("\n"));
  }
  return routes.map((file) => path.relative(copy, file));
}

/** The type checker's complaints about the program of `copy`'s tsconfig.json ("" when none). */
export async function typeErrors(copy: string): Promise<string> {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  try {
    await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", copy], { cwd: copy });
    return "";
  } catch (error) {
    return (error as { stdout?: string }).stdout || String(error);
  }
}

/** What is wrong after removing `method` (empty when nothing is). */
async function checkRemoval(method: MethodName): Promise<string[]> {
  const copy = copyOfTheApp();
  try {
    const problems: string[] = [];
    if (removeMethod(copy, method).length === 0) problems.push("no route under app/ serves it");
    for (const list of [...methodLists, "lib/method-names.ts"]) {
      const text = readFileSync(path.join(copy, list), "utf8");
      if (new RegExp(`\\b${method}\\b`).test(text)) problems.push(`${list} still names it`);
    }
    const errors = await typeErrors(copy);
    if (errors) problems.push(`what is left does not type-check:\n${errors}`);
    return problems;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

async function main() {
  const queue = [...methodNames];
  const failed: string[] = [];
  const worker = async () => {
    for (let method = queue.shift(); method; method = queue.shift()) {
      const problems = await checkRemoval(method);
      console.log(`without ${method}: ${problems.length === 0 ? "ok" : "FAILED"}`);
      failed.push(...problems.map((problem) => `without ${method}: ${problem}`));
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), 3) }, worker));
  if (failed.length > 0) {
    console.error(failed.join("\n"));
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
