import { json, route } from "@/lib/api/route";
import { now } from "@/lib/clock";
import { assertSandbox } from "@/lib/sandbox/guard";
import { sandboxPhone } from "@/lib/sandbox/phone";
import { pendingChecksFor } from "@/lib/methods/phonecheck/emulator/phone";

// GET /api/sandbox/tru-id/simulator/checks?number=+1… – the simulated phone's open PhoneChecks
export const GET = route(async (request) => {
  assertSandbox();
  const phone = sandboxPhone(new URL(request.url).searchParams.get("number"));
  const checks = await pendingChecksFor(phone);
  return json({ phone, checks, serverTime: new Date(now()).toISOString() });
});
