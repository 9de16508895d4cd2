import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { failPageOnPurpose } from "@/lib/sandbox/fail-on-purpose";

export const metadata = { robots: { index: false } };

// /sandbox/fail: a page that fails while rendering, for the e2e suite to see app/error.tsx as
// a person would. Served only with the sandbox on.
export default function FailingPage() {
  if (!getEnv().sandboxEnabled) notFound();
  failPageOnPurpose();
}
