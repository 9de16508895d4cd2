import type { z } from "zod";
import { ApiError } from "@/lib/errors";

/**
 * `value` as `schema` says, or a 400 `bad_request` that names each field that is wrong. For
 * what a request carries (its body: lib/api/body.ts; a method's start options) wherever it is
 * read.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      field: issue.path.join(".") || "(body)",
      message: issue.message,
    }));
    const first = issues[0];
    throw new ApiError(
      "bad_request",
      first ? `${first.field}: ${first.message}` : "The request is invalid.",
      { details: { issues } },
    );
  }
  return result.data;
}
