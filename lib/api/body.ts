import type { z } from "zod";
import { ApiError } from "@/lib/errors";
import { parseWith } from "@/lib/parse";

const DEFAULT_MAX_BYTES = 16 * 1024;

/** Reads a JSON body: the content type, the size, the syntax and the schema are all checked. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<z.infer<S>> {
  assertJsonType(request);
  return parseWith(schema, parseJson(await readText(request, maxBytes)));
}

/**
 * Reads the body of a request that may have none (a POST whose fields are all optional, or
 * that has none): nothing sent is `undefined`; a body sent is read as readJson reads one, so a
 * broken or unexpected one is refused rather than ignored.
 */
export async function readOptionalJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<z.infer<S> | undefined> {
  const text = await readText(request, maxBytes);
  if (text === "") return undefined;
  assertJsonType(request);
  return parseWith(schema, parseJson(text));
}

function assertJsonType(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  // Refusing CORS-"simple" types (text/plain, forms) also stops cross-site form posts.
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(
      "unsupported_media_type",
      "Send the body as JSON (Content-Type: application/json).",
    );
  }
}

/**
 * Reads a JSON or a form (`application/x-www-form-urlencoded`) body: for API clients written
 * against a guide that posts forms (tru.ID's Flutter example). A form is what a cross-site page
 * can post without a preflight, so a browser route that takes one still needs the same-origin
 * check (docs/security.md#cross-site-requests).
 */
export async function readJsonOrForm<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    return readJson(request, schema, maxBytes);
  const fields = new URLSearchParams(await readText(request, maxBytes));
  return parseWith(schema, Object.fromEntries(fields));
}

/**
 * Reads a JSON body whatever its Content-Type says (none, text/plain, application/json): for a
 * provider's callback whose content type is not documented. Only for routes that no browser
 * cookie authenticates, since it lets a cross-site form post through.
 */
export async function readJsonAnyType<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<z.infer<S>> {
  return parseWith(schema, parseJson(await readText(request, maxBytes)));
}

export async function readText(request: Request, maxBytes = DEFAULT_MAX_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  // Counted as it arrives: a chunked body declares no length, and reading it whole before the
  // check would hold a body of any size in memory (docs/security.md#input).
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
}

function tooLarge(maxBytes: number) {
  return new ApiError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
}
