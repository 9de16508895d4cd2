import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateJwks } from "@/lib/sandbox/truid-keys";

// GET /api/sandbox/tru-id/.well-known/jwks.json – the keys the tru.ID emulator signs callbacks with
export const GET = route(async () => {
  assertSandbox();
  return emulateJwks();
});
