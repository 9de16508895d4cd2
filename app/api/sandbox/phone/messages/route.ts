import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { inbox } from "@/lib/methods/sms/emulator/inbox";
import { sandboxPhone } from "@/lib/sandbox/phone";

// GET /api/sandbox/phone/messages?number=+1… – the simulated phone's SMS inbox, newest first
export const GET = route(async (request) => {
  assertSandbox();
  const phone = sandboxPhone(new URL(request.url).searchParams.get("number"));
  return json({ phone, messages: await inbox(phone) });
});
