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
      message: wording(issue, value),
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
 * rather than zod's own ("Invalid input: expected string, received undefined"). What was
 * received is read from the input itself; a schema's own words for what it expects (e.g. "the
 * code, as a string of digits") are kept beside them.
 */
function wording(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.join(".");
  const named = field === "" ? "The body" : field;
  switch (issue.code) {
    case "invalid_type": {
      const own = issue.message.startsWith("Invalid input") ? "" : issue.message;
      const got = valueAt(input, issue.path);
      if (got === undefined) return `${named} is required${own ? `: ${own}` : ""}.`;
      const expected = issue.expected === "object" ? "a JSON object" : article(issue.expected);
      return `${named} must be ${expected}, not ${kindOf(got)}${own ? ` (${own})` : ""}.`;
    }
    case "unrecognized_keys": {
      const keys = issue.keys.map((key) => `"${field ? `${field}.${key}` : key}"`).join(", ");
      return `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${keys}.`;
    }
    case "too_small": {
      const least = Number(issue.minimum);
      if (issue.origin === "string" && least === 1) return `${named} must not be empty.`;
      if (issue.origin === "array") {
        return `${named} must list at least ${least} item${least === 1 ? "" : "s"}.`;
      }
      if (issue.origin === "number") {
        return `${named} must be ${issue.inclusive === false ? "more than" : "at least"} ${least}.`;
      }
      break;
    }
    case "too_big": {
      const most = Number(issue.maximum);
      if (issue.origin === "string") return `${named} must be at most ${most} characters.`;
      if (issue.origin === "array") {
        return `${named} must list at most ${most} item${most === 1 ? "" : "s"}.`;
      }
      if (issue.origin === "number") {
        return `${named} must be ${issue.inclusive === false ? "less than" : "at most"} ${most}.`;
      }
      break;
    }
  }
  return field === "" ? issue.message : `${field}: ${issue.message}`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : article(typeof value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
