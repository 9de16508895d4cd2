import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { json, route } from "@/lib/api/route";
import { submitCode } from "@/lib/core/browser";

const codeBody = z.object({
  code: z.string({ error: "the code, as a string of digits" }).trim().max(16),
});

// POST /api/verifications/:id/code – check an SMS code
export const POST = route<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const { id } = await params;
  const { code } = await readJson(request, codeBody);
  const { verification, setCookie } = await submitCode(request, id, code);
  return json({ verification }, { headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
});
