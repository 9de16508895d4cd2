import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

// Every route answers every method: its own, and for the others a 405 in the JSON error
// envelope with Allow (Next's own 405 has neither body nor Allow). A new route that forgets
// its `otherMethods` line fails here.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const appDir = path.join(process.cwd(), "app");
const routeFiles = (readdirSync(appDir, { recursive: true }) as string[])
  .filter((file) => path.basename(file) === "route.ts")
  .sort();

type Handler = ((request: Request, context: unknown) => Promise<Response>) & { refuses?: true };

describe.each(routeFiles)("app/%s", (file) => {
  test("a method it does not take is a 405 that names the ones it does", async () => {
    const exported = (await import(path.join(appDir, file))) as Record<string, Handler | undefined>;
    const handlers = METHODS.map((method) => [method, exported[method]] as const);
    for (const [method, handler] of handlers) {
      expect(handler, `${method} is exported`).toBeTypeOf("function");
    }
    const taken = handlers.filter(([, handler]) => !handler!.refuses).map(([method]) => method);
    expect(taken.length, "it takes some method").toBeGreaterThan(0);
    for (const [method, handler] of handlers.filter(([, handler]) => handler!.refuses)) {
      const response = await handler!(new Request(`http://127.0.0.1/${file}`, { method }), {});
      expect(response.status).toBe(405);
      const allow = response.headers.get("allow")!.split(", ");
      expect(allow).toEqual(expect.arrayContaining([...taken, "OPTIONS"]));
      expect(allow).not.toContain(method);
      expect(allow.includes("HEAD")).toBe(taken.includes("GET"));
      expect(await response.json()).toEqual({
        error: {
          code: "method_not_allowed",
          message: `${method} is not a method of this path, which takes ${taken.join(" and ")}.`,
        },
      });
    }
  });
});
