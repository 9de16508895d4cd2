import { json, route } from "@/lib/api/route";
import { JWKS_MAX_AGE_S, publicJwks } from "@/lib/sessions/signing";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /.well-known/jwks.json – the public keys result tokens are signed with (RFC 7517). Apps
// may cache it for five minutes: a key is in it longer than that before it signs, and stays in
// it longer than that after (lib/sessions/signing-keys.ts).
export const GET = route(async () =>
  json(await publicJwks(), {
    // Public keys, meant to be fetched by anyone: an app may verify a token in its browser too.
    headers: {
      "Cache-Control": `public, max-age=${JWKS_MAX_AGE_S}`,
      "Access-Control-Allow-Origin": "*",
    },
  }),
);

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
