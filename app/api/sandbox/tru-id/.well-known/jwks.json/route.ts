import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateJwks } from "@/lib/methods/phonecheck/emulator/keys";

// GET /api/sandbox/tru-id/.well-known/jwks.json – the keys the tru.ID emulator signs callbacks with
export const GET = route(async () => {
  assertSandbox();
  return emulateJwks();
});
