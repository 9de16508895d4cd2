import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { phoneInput } from "@/lib/core/phone-input";
import { startVerification } from "@/lib/methods/service";

const startBody = z.object(phoneInput);

// POST /api/truecaller/deep-link – start a Truecaller verification on this Android phone (flow B)
export const POST = browserRoute(async ({ request, caller }) => {
  const input = await readJson(request, startBody);
  const { verification, binding } = await startVerification(caller, {
    ...input,
    method: "truecaller",
    options: { flow: "deeplink" },
  });
  return { status: 201, body: { verification }, binding };
});
