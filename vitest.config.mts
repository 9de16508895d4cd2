import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".next-*/**"],
    pool: "forks",
    // Most suites wait on HTTP, PostgreSQL or a timer more than they compute: one file more
    // than there are cores keeps the cores busy (Vitest's default is one fewer).
    maxWorkers: availableParallelism() + 1,
    globalSetup: ["lib/testing/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
