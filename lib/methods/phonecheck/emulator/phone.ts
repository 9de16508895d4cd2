import "server-only";
import { now } from "@/lib/clock";
import { listSandboxChecks } from "./queries";
import { findVerificationByProviderRef } from "@/lib/db/verifications";
import { handoffUrl } from "@/lib/methods/phonecheck/handoff";
import { stateOf } from "@/lib/methods/phonecheck/state";
import { checkUrlOf, sweep } from "./checks";

// The simulated phone's view of tru.ID: the checks open for its number. "Open the mobile data check"
// follows the link a person would scan from the laptop's QR code (our handoff link); a check
// made for a device (the guide's API, whose app opens check_url itself) or by no verification
// of ours opens its check URL directly.

const OPEN_STATUSES = ["ACCEPTED", "PENDING"] as const;

export type PendingCheck = {
  checkId: string;
  version: string;
  /** Only checks still to be completed are listed. */
  status: (typeof OPEN_STATUSES)[number];
  createdAt: string;
  expiresAt: string;
  openUrl: string;
};

export async function pendingChecksFor(e164: string): Promise<PendingCheck[]> {
  await sweep();
  const { rows } = await listSandboxChecks({
    phoneNumber: e164.replace(/^\+/, ""),
    statuses: [...OPEN_STATUSES],
    limit: 20,
  });
  const at = now();
  const checks: PendingCheck[] = [];
  for (const row of rows) {
    const expiresAt = row.createdAt + row.ttl * 1000;
    if (expiresAt <= at) continue;
    const verification = await findVerificationByProviderRef("phonecheck", row.checkId);
    checks.push({
      checkId: row.checkId,
      version: row.version,
      status: row.status as PendingCheck["status"],
      createdAt: new Date(row.createdAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
      openUrl:
        verification && !stateOf(verification).device
          ? handoffUrl(verification.id)
          : checkUrlOf(row),
    });
  }
  return checks;
}
