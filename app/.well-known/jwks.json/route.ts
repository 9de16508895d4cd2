import { json, route } from "@/lib/api/route";
import { publicJwks } from "@/lib/sessions/signing";

// GET /.well-known/jwks.json – the public keys result tokens are signed with (RFC 7517). Apps
// may cache it for five minutes: a retired key stays in it longer than that.
export const GET = route(async () =>
  json(await publicJwks(), { headers: { "Cache-Control": "public, max-age=300" } }),
);
