import { Agent, request } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApp, type TestApp } from "./app-server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** GET `path` through `agent`: its status, and whether it went over a connection used before. */
function get(agent: Agent, path: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${app.url}${path}`, { agent }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, reused: sent.reusedSocket }),
      );
    });
    sent.on("error", reject).end();
  });
}

// The tests and this server share one event loop. A test that holds it (synchronous work, or
// promises that never wait on I/O) for longer than Node's idle timeout of a keep-alive
// connection (5 s, and 1 s more) let that timeout fire in the same turn as the next request's arrival, and
// the server reset the connection under it: "fetch failed: ECONNRESET" in the next test. So the
// server leaves idle connections to the client (undici closes its own), and close() ends them.
test("keeps an idle keep-alive connection open past Node's default idle timeout", async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    expect(await get(agent, "/api/health")).toEqual({ status: 200, reused: false });
    // Node closes an idle one 5 s (and its margin of 1 s) after its last answer.
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(await get(agent, "/api/health")).toEqual({ status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});
