import { browserRoute } from "@/lib/api/route";
import { openHandoff } from "@/lib/methods/phonecheck/handoff";

// GET /phone-check/open/:token – the link in the QR code: binds this phone, then opens the check
export const GET = browserRoute<{ token: string }>(async ({ caller, params }) => {
  const { location, binding } = await openHandoff(caller, params.token);
  return {
    redirect: location,
    headers: { "Referrer-Policy": "no-referrer" },
    binding,
    // The check is now this phone's: a binding cookie from an earlier visit must not run out
    // before the phone comes back from its operator.
    renewBinding: true,
  };
});
