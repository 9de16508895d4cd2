import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { sandboxPhone } from "@/lib/sandbox/phone";
import { pendingPrompts } from "@/lib/methods/truecaller/emulator/phone";

// GET /api/sandbox/truecaller/phone/prompts?number=+1… – the Truecaller prompts waiting on a phone
export const GET = route(async (request) => {
  assertSandbox();
  const phone = sandboxPhone(new URL(request.url).searchParams.get("number"));
  return json({ phone, prompts: await pendingPrompts(phone) });
});
