import { json, route } from "@/lib/api/route";
import { recentSandboxRecipients } from "@/lib/methods/sms/emulator/queries";
import { assertSandbox } from "@/lib/sandbox/guard";

// GET /api/sandbox/phone/numbers – numbers that received SMS lately (the phone picker's list)
export const GET = route(async () => {
  assertSandbox();
  const numbers = await recentSandboxRecipients();
  return json({ numbers: numbers.map((to) => (to.startsWith("+") ? to : `+${to}`)) });
});
