import { callerOf, cookiesFor } from "@/lib/api/caller";
import { route } from "@/lib/api/route";
import { openHandoff } from "@/lib/methods/phonecheck/handoff";

// GET /phone-check/open/:token – the link in the QR code: binds this phone, then opens the check
export const GET = route<{ token: string }>(async (request, { params }) => {
  const caller = callerOf(request);
  const { location, binding } = await openHandoff(caller, (await params).token);
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  headers.set("Referrer-Policy", "no-referrer");
  for (const cookie of cookiesFor(request, caller, { binding }))
    headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
});
