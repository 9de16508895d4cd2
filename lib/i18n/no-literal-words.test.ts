import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

// Every word a person sees comes from the catalogue (lib/i18n/messages): no page or component
// writes one itself, in its markup or in an attribute a person sees or hears.

const roots = ["app", "components", "lib"];
const shown = new Set([
  "aria-label",
  "aria-description",
  "aria-roledescription",
  "aria-valuetext",
  "aria-placeholder",
  "alt",
  "placeholder",
  "title",
  "label",
]);
// Names of things, the same in every language.
const names = new Set(["SMS", "Truecaller", "tru.ID"]);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".tsx"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * The literal texts an expression may evaluate to: a string, a template's fixed parts, either
 * branch of `? :`, the sides of `&&`, `||` and `??` that can be the value.
 */
function literalTexts(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node)) return literalTexts(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  }
  if (ts.isConditionalExpression(node)) {
    return [...literalTexts(node.whenTrue), ...literalTexts(node.whenFalse)];
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return literalTexts(node.right);
    if (
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken
    ) {
      return [...literalTexts(node.left), ...literalTexts(node.right)];
    }
  }
  return [];
}

function wordsIn(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const isWords = (text: string) => /\p{L}{2,}/u.test(text) && !names.has(text.trim());
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isWords(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && shown.has(node.name.getText()) && node.initializer) {
      const value = node.initializer;
      const texts = ts.isStringLiteral(value)
        ? [value.text]
        : ts.isJsxExpression(value) && value.expression
          ? literalTexts(value.expression)
          : [];
      for (const text of texts.filter(isWords)) found.push(`${node.name.getText()}="${text}"`);
    }
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      for (const text of literalTexts(node.expression).filter(isWords)) found.push(text.trim());
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
      {done ? "All set" : t.sms.title} {open && \`Now \${name}\`} {label ?? "Untitled"}
      <img alt={big ? t.alt : "A photo"} title={\`\${n} items\`} aria-live="polite" />
    </p>
  );`;
  expect(wordsIn("fixture.tsx", markup)).toEqual([
    'aria-label="Close it"',
    "Hello there",
    "Go on",
    "All set",
    "Now",
    "Untitled",
    'alt="A photo"',
    'title=" items"',
  ]);
});
