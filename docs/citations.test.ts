import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// Every file a comment or a document cites resolves inside the repository: a path under lib/,
// app/, components/, scripts/, e2e/ or docs/ names a file or folder that exists, and a
// `docs/<file>.md#anchor` names one of that document's headings. A file moved or renamed without
// its citations fails here.

const root = path.resolve(__dirname, "..");
const folders = ["lib", "app", "components", "scripts", "e2e", "docs"];
const codeFile = /\.(ts|tsx|mts|mjs|js)$/;

/** A cited path: a top folder, then what a path holds; not inside a URL or an import specifier. */
const citation = /(?<![\w/.@-])((?:lib|app|components|scripts|e2e|docs)\/[\w\-./[\]%]*)(#[\w-]+)?/g;

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

function brokenCitations(): string[] {
  const files = ["README.md", ...folders.flatMap(filesUnder)];
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    return file.endsWith(".md")
      ? brokenIn(file, text)
      : brokenIn(file, commentsOf(file, text).join("\n"));
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
