import { z } from "zod";
import { parseWith, readJson } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { answerPrompt, promptActions } from "@/lib/methods/truecaller/emulator/phone";

const action = z.enum(promptActions, { error: "approve, decline or use-another-number" });
const body = z.object({ requestId: z.string().min(1).max(256) });

// POST /api/sandbox/truecaller/phone/prompts/:action – approve, decline or use-another-number
export const POST = route<{ action: string }>(async (request, { params }) => {
  assertSandbox();
  assertSameOrigin(request);
  const chosen = parseWith(action, (await params).action);
  const { requestId } = await readJson(request, body);
  return json(await answerPrompt(requestId, chosen));
});
