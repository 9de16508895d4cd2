import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateToken } from "@/lib/methods/phonecheck/emulator/auth";

// POST /api/sandbox/tru-id/oauth2/v1/token – the tru.ID emulator: an access token
export const POST = route(async (request) => {
  assertSandbox();
  return emulateToken(request);
});
