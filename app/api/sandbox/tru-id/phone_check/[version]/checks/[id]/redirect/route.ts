import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { notFoundProblem, versionOf } from "@/lib/methods/phonecheck/emulator/checks";
import { emulateCheckUrl } from "@/lib/methods/phonecheck/emulator/device";

// GET /api/sandbox/tru-id/phone_check/:version/checks/:id/redirect – the check URL a phone opens
export const GET = route<{ version: string; id: string }>(async (_request, { params }) => {
  assertSandbox();
  const { version, id } = await params;
  const known = versionOf(version);
  return known ? emulateCheckUrl(known, id) : notFoundProblem();
});
