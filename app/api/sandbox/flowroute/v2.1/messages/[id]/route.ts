import { route } from "@/lib/api/route";
import { emulateGetMessage } from "@/lib/methods/sms/emulator/messages";
import { assertSandbox } from "@/lib/sandbox/guard";

// GET /api/sandbox/flowroute/v2.1/messages/:id – the Flowroute emulator: one message record
export const GET = route<{ id: string }>(async (request, { params }) => {
  assertSandbox();
  return emulateGetMessage(request, (await params).id);
});
