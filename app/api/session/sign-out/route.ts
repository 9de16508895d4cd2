import { browserRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { otherMethods } from "@/lib/api/not-allowed";

// POST /api/session/sign-out – the start page's "Sign out" (a form): the session cookie that a
// verification gave this browser is cleared, and the binding that ties its verifications to it
// (lib/api/caller.ts cookiesFor); the person is back on the start page.
export const POST = browserRoute(async () => ({
  redirect: `${getEnv().appUrl}/?signed-out`,
  signOut: true,
}));

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
