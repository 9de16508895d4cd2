import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateRevoke } from "@/lib/methods/phonecheck/emulator/auth";

// POST /api/sandbox/tru-id/oauth2/v1/revoke – the tru.ID emulator: revoke an access token
export const POST = route(async (request) => {
  assertSandbox();
  return emulateRevoke(request);
});
