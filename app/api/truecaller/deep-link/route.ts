import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { phoneInput } from "@/lib/core/phone-input";
import { toDto } from "@/lib/core/service";
import { startDeepLink } from "@/lib/methods/truecaller/start";

const startBody = z.object(phoneInput);

// POST /api/truecaller/deep-link – start a Truecaller verification on this Android phone (flow B)
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { verification, setCookie } = await startDeepLink(
    request,
    await readJson(request, startBody),
  );
  return json(
    { verification: toDto(verification) },
    { status: 201, headers: setCookie ? { "Set-Cookie": setCookie } : undefined },
  );
});
