import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// Every file a comment or a document cites resolves inside the repository: a path under lib/,
// app/, components/, scripts/, e2e/ or docs/ names a file or folder that exists, and a
// `docs/<file>.md#anchor` names one of that document's headings, and a file cited by its name
// alone (`device.ts`) is the name of a file of the repository. A file moved or renamed without
// its citations fails here.

const root = path.resolve(__dirname, "..");
const folders = ["lib", "app", "components", "scripts", "e2e", "docs"];
const codeFile = /\.(ts|tsx|mts|mjs|js)$/;

/** A cited path: a top folder, then what a path holds; not inside a URL or an import specifier. */
const citation = /(?<![\w/.@-])((?:lib|app|components|scripts|e2e|docs)\/[\w\-./[\]%]*)(#[\w-]+)?/g;

/** A file cited by its name alone: not part of a path, a pattern (`*.test.ts`) or a call. */
const bareName = /(?<![\w/.@*-])([A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:tsx?|mts|mjs|md|json))(?![\w(])/g;

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(relative));
    else if (codeFile.test(entry.name) || entry.name.endsWith(".md")) found.push(relative);
  }
  return found;
}

/** The comments of a source file (its strings and code are not citations). */
function commentsOf(file: string, text: string): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const comments = new Map<number, string>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) comments.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
    collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    // A JSX comment, `{/* … */}`, is all an expression container holds.
    if (ts.isJsxExpression(node) && !node.expression) {
      collect(ts.getLeadingCommentRanges(text, node.getStart(source) + 1));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...comments.values()];
}

/** GitHub's anchors of a Markdown document's headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (heading ?? "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function exists(cited: string, glob: boolean): boolean {
  const target = path.join(root, cited);
  if (existsSync(target)) return true;
  // A pattern (app/api/v1/sessions/sessions.*.test.ts): some file of its folder begins so.
  if (glob) {
    const folder = path.dirname(target);
    const start = path.basename(target);
    return existsSync(folder) && readdirSync(folder).some((name) => name.startsWith(start));
  }
  // A module cited as an import names it (lib/core/start for lib/core/start.ts).
  return [".ts", ".tsx", ".mjs"].some((extension) => existsSync(target + extension));
}

/** Where each citation of `text` fails to resolve, as "file: citation". */
function brokenIn(file: string, text: string): string[] {
  const broken: string[] = [];
  for (const match of text.matchAll(citation)) {
    let cited = (match[1] ?? "").replace(/[.,:;)]+$/, "");
    // A Markdown link's text, [docs/providers.md](…), is not a route's [segment].
    if (cited.endsWith("]") && !cited.includes("[")) cited = cited.slice(0, -1);
    const anchor = match[2];
    const glob = text[(match.index ?? 0) + (match[0] ?? "").length] === "*";
    if (!exists(cited, glob)) {
      broken.push(`${file}: ${cited}`);
    } else if (anchor && cited.endsWith(".md") && statSync(path.join(root, cited)).isFile()) {
      const anchors = anchorsOf(readFileSync(path.join(root, cited), "utf8"));
      if (!anchors.has(anchor.slice(1))) broken.push(`${file}: ${cited}${anchor}`);
    }
  }
  return broken;
}

/** The names of the repository's files: those under the folders above, and the top level's. */
function fileNames(): Set<string> {
  const top = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isFile());
  return new Set([
    ...top.map((entry) => entry.name),
    ...folders.flatMap(filesUnder).map((file) => path.posix.basename(file)),
  ]);
}

/** The file names `text` cites by name alone that no file of the repository has. */
function unknownNamesIn(file: string, text: string, names: Set<string>): string[] {
  return [...text.matchAll(bareName)]
    .map((match) => match[1] ?? "")
    .filter((name) => !names.has(name))
    .map((name) => `${file}: ${name}`);
}

function brokenCitations(): string[] {
  const files = ["README.md", ...folders.flatMap(filesUnder)];
  const names = fileNames();
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    const cited = file.endsWith(".md") ? text : commentsOf(file, text).join("\n");
    return [...brokenIn(file, cited), ...unknownNamesIn(file, cited, names)];
  });
}

describe("citations", () => {
  test("finds a broken one: a missing file, a missing heading", () => {
    expect(brokenIn("x.ts", "// see lib/methods/sms/policy.test.ts, and lib/core/start.")).toEqual([
      "x.ts: lib/methods/sms/policy.test.ts",
    ]);
    expect(brokenIn("x.md", "docs/security.md#no-such-heading and docs/security.md")).toEqual([
      "x.md: docs/security.md#no-such-heading",
    ]);
    expect(brokenIn("x.md", "https://example.com/lib/nothing and @/lib/nothing")).toEqual([]);
    expect(brokenIn("x.md", "[docs/security.md](security.md), lib/core/dto.*.ts")).toEqual([]);
    expect(brokenIn("x.md", "lib/core/nothing.*.ts")).toEqual(["x.md: lib/core/nothing"]);
  });

  test("finds a file named alone that the repository does not have", () => {
    const names = new Set(["device.ts", "phone.ts"]);
    const comment = "// the device's side is in truid-device.ts; the phone in phone.ts";
    expect(unknownNamesIn("x.ts", comment, names)).toEqual(["x.ts: truid-device.ts"]);
    // Paths are brokenIn's; patterns, suffixes and calls are not file names.
    const others = "lib/x/nothing.ts, *.test.ts, .postgres.test.ts, Response.json() and device.ts";
    expect(unknownNamesIn("x.ts", others, names)).toEqual([]);
  });

  test("a heading's anchor is GitHub's, a repeated one numbered", () => {
    expect([...anchorsOf("## Errors\n### `code`: the check\n## Errors\n")]).toEqual([
      "errors",
      "code-the-check",
      "errors-1",
    ]);
  });

  test("every path cited in a comment, the README or docs/ resolves in the repository", () => {
    expect(brokenCitations()).toEqual([]);
  });
});
