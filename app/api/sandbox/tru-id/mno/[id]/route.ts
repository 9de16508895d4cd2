import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulateOperatorHop } from "@/lib/methods/phonecheck/emulator/device";

// GET /api/sandbox/tru-id/mno/:id?hop=… – the mobile operator's hop of a check URL
export const GET = route<{ id: string }>(async (request, { params }) => {
  assertSandbox();
  return emulateOperatorHop(request, (await params).id);
});
