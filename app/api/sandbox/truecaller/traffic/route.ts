import { z } from "zod";
import { parseWith } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { emulatorTraffic } from "@/lib/methods/truecaller/emulator/api";

const query = z.object({
  kind: z.enum(["callback", "profile"]).optional(),
  requestId: z.string().max(256).optional(),
});

// GET /api/sandbox/truecaller/traffic – the emulator's log: callbacks sent, profile requests seen
export const GET = route(async (request) => {
  assertSandbox();
  const filter = parseWith(query, Object.fromEntries(new URL(request.url).searchParams));
  return json({ traffic: await emulatorTraffic(filter) });
});
