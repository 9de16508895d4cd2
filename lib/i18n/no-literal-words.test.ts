import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

// Every word a person sees comes from the catalogue (lib/i18n/messages): no page or component
// writes one itself, in its markup or in an attribute a person sees or hears.

const roots = ["app", "components", "lib"];
const shown = new Set(["aria-label", "alt", "placeholder", "title", "label"]);
// Names of things, the same in every language.
const names = new Set(["SMS", "Truecaller", "tru.ID"]);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".tsx"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function wordsIn(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const isWords = (text: string) => /\p{L}{2,}/u.test(text) && !names.has(text.trim());
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isWords(node.text)) found.push(node.text.trim());
    if (
      ts.isJsxAttribute(node) &&
      shown.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      isWords(node.initializer.text)
    ) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    }
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isStringLiteral(node.expression) ||
        ts.isNoSubstitutionTemplateLiteral(node.expression)) &&
      ts.isJsxElement(node.parent) &&
      isWords(node.expression.text)
    ) {
      found.push(node.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test("no component writes words of its own", () => {
  const files = roots.flatMap((root) => tsxFiles(root));
  expect(files.length).toBeGreaterThan(30);
  const found = Object.fromEntries(
    files.map((file) => [file, wordsIn(file)] as const).filter(([, words]) => words.length > 0),
  );
  expect(found).toEqual({});
});

test("the check finds words where they are, and only there", () => {
  const markup = `export const Fixture = () => (
    <p aria-label="Close it" className="text-sm">
      Hello there
      <b>{"Go on"}</b>
      <i>SMS</i>
      {"+1"} 42 {t.sms.title}
    </p>
  );`;
  expect(wordsIn("fixture.tsx", markup)).toEqual(['aria-label="Close it"', "Hello there", "Go on"]);
});
