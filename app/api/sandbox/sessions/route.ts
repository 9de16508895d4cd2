import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { SessionsApiError } from "@/lib/client/sessions-client";
import { ApiError, type ErrorCode } from "@/lib/errors";
import { methodNames } from "@/lib/methods/service";
import { startSandboxSession } from "@/lib/sandbox/integrating-app";
import { assertSandbox } from "@/lib/sandbox/guard";

const body = z.object({
  phone: z.string().max(40).optional(),
  methods: z.array(z.enum(methodNames)).max(methodNames.length).optional(),
});

// POST /api/sandbox/sessions – the sandbox's integrating app makes a session, as an app's
// server would with its key (over HTTP, through the client), and answers where to send the person
export const POST = browserRoute(async ({ request }) => {
  assertSandbox();
  const input = await readJson(request, body);
  try {
    const { id, url } = await startSandboxSession(input);
    return { status: 201, body: { id, url } };
  } catch (error) {
    // The sessions API's own refusal (a bad number), passed on as it said it.
    if (error instanceof SessionsApiError && error.status < 500) {
      throw new ApiError(error.code as ErrorCode, error.message);
    }
    throw error;
  }
});
