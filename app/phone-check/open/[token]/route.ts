import { route } from "@/lib/api/route";
import { openHandoff } from "@/lib/methods/phonecheck/handoff";

// GET /phone-check/open/:token – the link in the QR code: binds this phone, then opens the check
export const GET = route<{ token: string }>(async (request, { params }) => {
  const { location, setCookie } = await openHandoff(request, (await params).token);
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  headers.set("Referrer-Policy", "no-referrer");
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return new Response(null, { status: 303, headers });
});
