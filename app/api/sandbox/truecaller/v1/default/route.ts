import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateProfile } from "@/lib/methods/truecaller/emulator/api";

// GET /api/sandbox/truecaller/v1/default – the Truecaller emulator: the token holder's profile
export const GET = route(async (request) => {
  assertSandbox();
  return emulateProfile(request);
});
