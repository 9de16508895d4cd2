import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { binDir } from "./postgres";

// Where the suites find PostgreSQL's server binaries: Debian's versioned folders, or the PATH.

/** A folder of the test's own, removed when it ends. */
function scratch(): string {
  const root = mkdtempSync(path.join(tmpdir(), "pv-pgbin-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

function folderWith(root: string, name: string, tools: string[]): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const tool of tools) writeFileSync(path.join(dir, tool), "");
  return dir;
}

test("Debian: the newest version's bin, by number (15 before 9.6)", () => {
  const root = scratch();
  folderWith(root, "9.6/bin", ["initdb", "pg_ctl"]);
  const newest = folderWith(root, "15/bin", ["initdb", "pg_ctl"]);
  expect(binDir(root, "")).toBe(newest);
});

test("elsewhere (Homebrew on a Mac): the first PATH folder that has initdb and pg_ctl", () => {
  const root = scratch();
  const clientOnly = folderWith(root, "usr/bin", ["psql", "pg_ctl"]);
  const server = folderWith(root, "opt/homebrew/opt/postgresql@15/bin", ["initdb", "pg_ctl"]);
  const searchPath = [clientOnly, server].join(path.delimiter);
  expect(binDir(path.join(root, "no-debian"), searchPath)).toBe(server);
});

test("none: an error that says how to install them", () => {
  const root = scratch();
  expect(() =>
    binDir(path.join(root, "no-debian"), folderWith(root, "bin", ["psql"])),
  ).toThrowError(/apt-get install postgresql[\s\S]*brew install postgresql@15/);
});
