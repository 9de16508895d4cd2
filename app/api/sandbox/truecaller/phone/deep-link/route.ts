import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { sandboxPhone } from "@/lib/sandbox/phone";
import { openDeepLink } from "@/lib/methods/truecaller/emulator/phone";

const body = z.object({ link: z.string().max(4096), number: z.string().max(32) });

// POST /api/sandbox/truecaller/phone/deep-link – the phone opens a truecallersdk:// link (flow B)
export const POST = route(async (request) => {
  assertSandbox();
  assertSameOrigin(request);
  const input = await readJson(request, body);
  const result = await openDeepLink(input.link, sandboxPhone(input.number));
  return json(result, { status: result.opened ? 201 : 200 });
});
