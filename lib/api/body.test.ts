import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson, readText } from "./body";

/** A request whose body comes in `chunks` pieces of `size` bytes, without a Content-Length. */
function chunked(chunks: number, size: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) return controller.close();
        pulled += 1;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
      // Nothing pulled before the reader asks.
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://localhost/api/x", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("reading a body", () => {
  it("stops a chunked body at the limit instead of reading it whole first", async () => {
    // 64 MiB announced by nothing: the reader must give up after the first 16 KiB.
    const { request, pulled } = chunked(1024, 64 * 1024);
    await expect(readText(request, 16 * 1024)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    expect(pulled()).toBeLessThan(4);
  });

  it("refuses a declared length over the limit before reading anything", async () => {
    const { request, pulled } = chunked(1, 10);
    request.headers.set("content-length", String(17 * 1024));
    await expect(readText(request, 16 * 1024)).rejects.toMatchObject({
      code: "payload_too_large",
    });
    expect(pulled()).toBe(0);
  });

  it("reads a body under the limit whole, across chunks, multi-byte characters intact", async () => {
    const text = JSON.stringify({ name: "Zoë 🙂".repeat(50) });
    const bytes = new TextEncoder().encode(text);
    // Split inside a multi-byte character on purpose.
    const cut = bytes.indexOf(0xc3) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const request = new Request("http://localhost/api/x", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    await expect(readJson(request, z.object({ name: z.string() }))).resolves.toEqual(
      JSON.parse(text),
    );
  });
});
