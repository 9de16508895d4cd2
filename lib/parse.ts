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
      message: wording(issue),
    }));
    const first = issues[0];
    throw new ApiError("bad_request", first ? first.message : "The request is invalid.", {
      details: { issues },
    });
  }
  return result.data;
}

/**
 * What is wrong with one field, in words an integrator acts on ("return_url is required"),
 * rather than zod's own ("Invalid input: expected string, received undefined"). A schema's
 * own message (a rule it explains) is kept, after the field's name.
 */
function wording(issue: z.core.$ZodIssue): string {
  const field = issue.path.join(".");
  const named = field === "" ? "The body" : field;
  switch (issue.code) {
    case "invalid_type": {
      const received = /received (\w+)$/.exec(issue.message)?.[1];
      if (received === "undefined") return `${named} is required.`;
      const expected = issue.expected === "object" ? "a JSON object" : article(issue.expected);
      return received
        ? `${named} must be ${expected}, not ${article(received)}.`
        : `${named} must be ${expected}.`;
    }
    case "unrecognized_keys": {
      const keys = issue.keys.map((key) => `"${field ? `${field}.${key}` : key}"`).join(", ");
      return `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${keys}.`;
    }
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) {
        return `${named} must not be empty.`;
      }
      break;
  }
  return field === "" ? issue.message : `${field}: ${issue.message}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
