import { rmSync } from "node:fs";

// After the run: the suite's database folder (playwright.config.ts), which a run on a
// developer's machine would otherwise leave in the temporary folder, one per run.
export default function teardown(): void {
  const dir = process.env.E2E_DATABASE_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
