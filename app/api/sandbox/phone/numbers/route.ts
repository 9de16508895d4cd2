import { browserRoute } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import { numbersStartedBy } from "@/lib/sandbox/recent";

// GET /api/sandbox/phone/numbers – the numbers this browser started verifications of, newest first
export const GET = browserRoute(async ({ caller }) => {
  assertSandbox();
  return { body: { numbers: await numbersStartedBy(caller) } };
});
