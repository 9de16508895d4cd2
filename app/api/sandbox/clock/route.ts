import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { json, route } from "@/lib/api/route";
import { advanceClock, clockOffset, now } from "@/lib/clock";
import { ApiError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { providerModes } from "@/lib/methods/service";
import { assertSandbox } from "@/lib/sandbox/guard";
import { isPublicDemo } from "@/lib/sandbox/public-demo";

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
  // Every expiry and rate window reads this clock: harmless while every provider is an
  // emulator, but with a real one it would let anyone empty the windows of real sends.
  if (Object.values(providerModes()).includes("real")) {
    throw new ApiError(
      "forbidden",
      "The sandbox clock is off while a real provider is configured.",
    );
  }
  // On a public demo one visitor would move every visitor's expiries and windows.
  if (isPublicDemo() && getEnv().SANDBOX_CLOCK !== "1") {
    throw new ApiError(
      "forbidden",
      "The sandbox clock is off on a public demo (SANDBOX_CLOCK=1 turns it on).",
    );
  }
  const { seconds } = await readJson(request, advanceBody);
  advanceClock(seconds * 1000);
  return json({ now: new Date(now()).toISOString(), offsetSeconds: clockOffset() / 1000 });
});
