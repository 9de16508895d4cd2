import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { browserRoute } from "@/lib/api/route";
import { SessionsApiError } from "@/lib/client/sessions-client";
import { ApiError, type ErrorCode } from "@/lib/errors";
import { methodNames } from "@/lib/method-names";
import { isHttps, serializeCookie } from "@/lib/api/cookies";
import {
  APP_SESSION_COOKIE,
  APP_SESSION_MAX_AGE_S,
  rememberedValue,
  startSandboxSession,
} from "@/lib/sandbox/integrating-app";
import { assertSandbox } from "@/lib/sandbox/guard";
import { otherMethods } from "@/lib/api/not-allowed";

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
    // The app remembers the session it made for this browser: its return page checks that one.
    const cookie = serializeCookie(
      APP_SESSION_COOKIE,
      rememberedValue(id),
      APP_SESSION_MAX_AGE_S,
      isHttps(request),
    );
    return { status: 201, body: { id, url }, headers: { "Set-Cookie": cookie } };
  } catch (error) {
    // The sessions API's own refusal (a bad number), passed on as it said it.
    if (error instanceof SessionsApiError && error.status < 500) {
      throw new ApiError(error.code as ErrorCode, error.message);
    }
    throw error;
  }
});

// Any other method: 405, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
