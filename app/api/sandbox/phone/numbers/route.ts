import { browserRoute } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { numbersStartedBy } from "@/lib/sandbox/recent";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/sandbox/phone/numbers – the numbers this browser started verifications of, newest first
export const GET = browserRoute(async ({ caller }) => {
  assertSandbox();
  return { body: { numbers: await numbersStartedBy(caller) } };
});

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
