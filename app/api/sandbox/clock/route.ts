import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { advanceClock, clockOffset, now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { providerModes } from "@/lib/methods/service";
import { clockRefusal } from "@/lib/sandbox/clock";
import { assertSandbox } from "@/lib/sandbox/guard";
import { otherMethods } from "@/lib/api/not-allowed";

const advanceBody = z.object({
  seconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600),
});

// GET /api/sandbox/clock – the server's clock as the sandbox sees it
export const GET = route(async () => {
  assertSandbox();
  return json({ now: new Date(now()).toISOString(), offsetSeconds: clockOffset() / 1000 });
});

// POST /api/sandbox/clock – move the server's clock forward (expire codes without waiting)
export const POST = route(async (request) => {
  assertSandbox();
  const refusal = clockRefusal(providerModes());
  if (refusal) throw new ApiError("forbidden", refusal);
  const { seconds } = await readJson(request, advanceBody);
  advanceClock(seconds * 1000);
  return json({ now: new Date(now()).toISOString(), offsetSeconds: clockOffset() / 1000 });
});

// Any other method: 405, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
