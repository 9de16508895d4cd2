import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { inbox } from "@/lib/methods/sms/emulator/inbox";
import { sandboxPhone } from "@/lib/sandbox/phone";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/sandbox/phone/messages?number=+1… – the simulated phone's SMS inbox, newest first
export const GET = route(async (request) => {
  assertSandbox();
  const phone = sandboxPhone(new URL(request.url).searchParams.get("number"));
  return json({ phone, messages: await inbox(phone) });
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
