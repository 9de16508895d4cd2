import { route } from "@/lib/api/route";
import { emulateListMessages, emulateSendMessage } from "@/lib/methods/sms/emulator/messages";
import { assertSandbox } from "@/lib/sandbox/guard";

// POST /api/sandbox/flowroute/v2.1/messages – the Flowroute emulator: send an SMS
export const POST = route(async (request) => {
  assertSandbox();
  return emulateSendMessage(request);
});

// GET /api/sandbox/flowroute/v2.1/messages – the Flowroute emulator: sent messages, newest first
export const GET = route(async (request) => {
  assertSandbox();
  return emulateListMessages(request);
});
