import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { methodLists } from "@/scripts/method-removal";
import { methodNames } from "./method-names";

// The layout the README's "How it works" draws, held by the imports themselves, so that a change
// that breaks it fails here rather than in a reviewer's reading. Imports run one way: routes and
// pages → lib/methods → lib/core → lib/db and lib/providers → utilities; no module imports itself
// back through others; a method's folder is reached from outside only through the method lists,
// and from the routes under app/ that serve it; and no production module imports test code.

const root = path.resolve(__dirname, "..");
const sourceFile = /\.(ts|tsx|mts|mjs)$/;
const testFile = /\.test\.tsx?$|\.d\.mts$/;

/** The app's production modules: app/, components/ and lib/ (not lib/testing/ nor tests). */
function productionFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (relative !== "lib/testing") found.push(...productionFiles(relative));
    } else if (sourceFile.test(entry.name) && !testFile.test(entry.name)) {
      found.push(relative);
    }
  }
  return found;
}

/** The repository file `specifier` names from `file`, or undefined for a package. */
function resolve(file: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(file), specifier);
  else return undefined;
  const candidates = [base, ...[".ts", ".tsx", ".mjs", "/index.ts"].map((end) => base + end)];
  const found = candidates.find((candidate) => {
    const full = path.join(root, candidate);
    return existsSync(full) && statSync(full).isFile();
  });
  return found ?? base;
}

/** What `file` imports: repository files (static, re-exports, dynamic) and packages by name. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(path.join(root, file), "utf8");
  const specifiers = ts
    .preProcessFile(text, true, true)
    .importedFiles.map((entry) => entry.fileName);
  const files: string[] = [];
  const packages: string[] = [];
  for (const specifier of specifiers) {
    const target = resolve(file, specifier);
    if (target === undefined) packages.push(specifier);
    else files.push(target);
  }
  return { files, packages };
}

type Graph = Map<string, { files: string[]; packages: string[] }>;

function importGraph(): Graph {
  const files = [
    ...["app", "components", "lib"].flatMap(productionFiles),
    ...["instrumentation.ts", "proxy.ts"].filter((file) => existsSync(path.join(root, file))),
  ];
  return new Map(files.map((file) => [file, importsOf(file)]));
}

/** Every import of `graph` from a file under one of `from` to a file under one of `to`. */
function importsBetween(graph: Graph, from: string[], to: string[]): string[] {
  const under = (file: string, folders: string[]) =>
    folders.some((folder) => file === folder || file.startsWith(`${folder}/`));
  return [...graph].flatMap(([file, { files }]) =>
    under(file, from)
      ? files.filter((target) => under(target, to)).map((target) => `${file} → ${target}`)
      : [],
  );
}

/** The import cycles of `graph`, each as the files around it (one per cycle found). */
function cyclesOf(graph: Graph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file)?.files ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === "open")
        cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe("the import structure", () => {
  const graph = importGraph();

  test("finds what it checks: a cycle, and an import across folders", () => {
    const toy: Graph = new Map([
      ["lib/a.ts", { files: ["lib/b.ts"], packages: [] }],
      ["lib/b.ts", { files: ["lib/a.ts"], packages: [] }],
      ["lib/core/c.ts", { files: ["lib/methods/sms/x.ts"], packages: [] }],
    ]);
    expect(cyclesOf(toy)).toEqual([["lib/a.ts", "lib/b.ts", "lib/a.ts"]]);
    expect(importsBetween(toy, ["lib/core"], ["lib/methods"])).toEqual([
      "lib/core/c.ts → lib/methods/sms/x.ts",
    ]);
    expect(resolve("lib/core/start.ts", "./state-machine")).toBe("lib/core/state-machine.ts");
    expect(resolve("lib/core/start.ts", "@/lib/method-names")).toBe("lib/method-names.ts");
  });

  test("reads the app: every module, and what each imports", () => {
    expect(graph.size).toBeGreaterThan(250);
    expect(graph.get("lib/methods/registry.ts")?.files).toContain("lib/methods/sms/handler.ts");
    // A file an import names but the tree lacks would be a build error; here, a reading error.
    const missing = [...graph].flatMap(([file, { files }]) =>
      files.filter((target) => !existsSync(path.join(root, target))).map((t) => `${file} → ${t}`),
    );
    expect(missing).toEqual([]);
  });

  test("no module imports itself back through others", () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  test("imports run one way: the core knows no method, no route and no page", () => {
    const above = ["app", "components", "lib/methods", "lib/sessions", "lib/sandbox"];
    expect(importsBetween(graph, ["lib/core"], above)).toEqual([]);
  });

  test("the database and the provider transport know neither the core nor any method", () => {
    const above = ["app", "components", "lib/core", "lib/methods", "lib/sessions", "lib/sandbox"];
    expect(importsBetween(graph, ["lib/db", "lib/providers"], above)).toEqual([]);
  });

  test("nothing below app/ imports a route or a page", () => {
    expect(importsBetween(graph, ["components", "lib"], ["app"])).toEqual([]);
  });

  // Where a method's folder may be imported from outside it: the server's list and the browser's
  // two, and the routes under app/ that serve the method.
  test("a method's folder is reached from outside only by the method lists and app/", () => {
    for (const method of methodNames) {
      const folder = `lib/methods/${method}`;
      const outside = importsBetween(graph, ["components", "lib"], [folder]).filter(
        (edge) => !edge.startsWith(`${folder}/`),
      );
      const allowed = outside.filter((edge) => methodLists.includes(edge.split(" → ")[0]!));
      expect(outside, method).toEqual(allowed);
    }
  });

  test("a module under app/ serves at most one method: removing a method removes its routes", () => {
    const servingMany = [...graph].flatMap(([file, { files }]) => {
      if (!file.startsWith("app/")) return [];
      const served = methodNames.filter((method) =>
        files.some((target) => target.startsWith(`lib/methods/${method}/`)),
      );
      return served.length > 1 ? [`${file}: ${served.join(", ")}`] : [];
    });
    expect(servingMany).toEqual([]);
  });

  test("no production module imports a test framework or a test helper", () => {
    const testing = [...graph].flatMap(([file, { files, packages }]) =>
      [
        ...packages.filter((name) => /^(vitest|@playwright\/test|@axe-core\/)/.test(name)),
        ...files.filter((target) => target.startsWith("lib/testing/") || testFile.test(target)),
      ].map((target) => `${file} → ${target}`),
    );
    expect(testing).toEqual([]);
  });
});
