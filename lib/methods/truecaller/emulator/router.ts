import "server-only";
import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { parseWith } from "@/lib/parse";
import { assertSameOrigin } from "@/lib/api/origin";
import { json } from "@/lib/api/json";
import { ApiError } from "@/lib/errors";
import { sandboxPhone } from "@/lib/sandbox/phone";
import { isPublicDemo } from "@/lib/sandbox/public-demo";
import { methodNotAllowed, type EmulatorRouter } from "@/lib/sandbox/route";
import { emulateCreateRequest, emulateProfile, emulatorTraffic } from "./api";
import { answerPrompt, openDeepLink, pendingPrompts, promptActions } from "./phone";

// The Truecaller emulator's paths, below /api/sandbox/truecaller:
//   Truecaller's own (docs/providers.md#truecaller):
//     POST /v1/apps/requests            flow A: push a consent prompt to the number's app
//     GET  /v1/default                  the profile of the token's owner
//   the simulated phone's, for its page and for tests:
//     GET  /phone/prompts?number=…      prompts waiting on a phone
//     POST /phone/prompts/{action}      approve | decline | use-another-number
//     POST /phone/deep-link             the phone opens a truecallersdk:// link (flow B)
//     GET  /traffic                     callbacks sent and profile requests seen (on a public
//                                       demo only with ?requestId=: nobody lists the others')

const promptBody = z.object({ requestId: z.string().min(1).max(256) });
const deepLinkBody = z.object({ link: z.string().max(4096), number: z.string().max(32) });
const trafficQuery = z.object({
  kind: z.enum(["callback", "profile"]).optional(),
  requestId: z.string().max(256).optional(),
});
const action = z.enum(promptActions, { error: "approve, decline or use-another-number" });

export const truecallerEmulator: EmulatorRouter = async (request, path) => {
  const route = path.join("/");
  const query = new URL(request.url).searchParams;
  const only = (method: string, answer: () => Promise<Response>) =>
    request.method === method ? answer() : Promise.resolve(methodNotAllowed([method]));

  switch (route) {
    case "v1/apps/requests":
      return only("POST", () => emulateCreateRequest(request));
    case "v1/default":
      return only("GET", () => emulateProfile(request));
    case "phone/prompts":
      return only("GET", async () => {
        const phone = sandboxPhone(query.get("number"));
        return json({ phone, prompts: await pendingPrompts(phone) });
      });
    case "phone/deep-link":
      return only("POST", async () => {
        assertSameOrigin(request);
        const input = await readJson(request, deepLinkBody);
        const result = await openDeepLink(input.link, sandboxPhone(input.number));
        return json(result, { status: result.opened ? 201 : 200 });
      });
    case "traffic":
      return only("GET", async () => {
        const filter = parseWith(trafficQuery, Object.fromEntries(query));
        if (!filter.requestId && isPublicDemo()) {
          throw new ApiError(
            "forbidden",
            "On a public demo the traffic log answers for one request: give ?requestId=.",
          );
        }
        return json({ traffic: await emulatorTraffic(filter) });
      });
  }
  if (path.length === 3 && path[0] === "phone" && path[1] === "prompts") {
    return only("POST", async () => {
      assertSameOrigin(request);
      const chosen = parseWith(action, path[2]);
      const { requestId } = await readJson(request, promptBody);
      return json(await answerPrompt(requestId, chosen));
    });
  }
  throw new ApiError("not_found", "No such path in the Truecaller emulator.");
};
