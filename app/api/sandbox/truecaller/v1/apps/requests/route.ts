import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateCreateRequest } from "@/lib/methods/truecaller/emulator/api";

// POST /api/sandbox/truecaller/v1/apps/requests – the Truecaller emulator: push a consent prompt
export const POST = route(async (request) => {
  assertSandbox();
  return emulateCreateRequest(request);
});
