import "server-only";
import { getEnv } from "@/lib/env";

/**
 * A production deploy serving the sandbox (SANDBOX=1): strangers share it with the sandbox
 * credentials the README publishes, so the emulators' lists across numbers and browsers are
 * off there; one record by its unguessable id, or one phone by its number, still answers.
 * In development the lists work as the README shows.
 */
export function isPublicDemo(): boolean {
  const env = getEnv();
  return env.NODE_ENV === "production" && env.sandboxEnabled;
}
