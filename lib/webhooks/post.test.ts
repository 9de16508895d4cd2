import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type TestReceiver } from "@/lib/testing/webhook-receiver";
import { postWebhook } from "./post";

// The request goes to the address the guard checked, never to a fresh lookup of the name.

let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

test("connects to the pinned address; Host still names the URL's host", async () => {
  const { port } = new URL(receiver.origin);
  // .invalid never resolves (RFC 6761): reaching the server at all proves no lookup was made.
  const url = new URL(`http://rebind.invalid:${port}/hook?x=1`);
  const status = await postWebhook({ url, address: "127.0.0.1", family: 4 }, {}, '{"a":1}');
  expect(status).toBe(204);
  expect(receiver.requests.at(-1)).toMatchObject({
    path: "/hook?x=1",
    body: '{"a":1}',
    headers: {
      host: `rebind.invalid:${port}`,
      "content-length": "7",
      "accept-encoding": "identity",
    },
  });
});

test("a redirect is answered as its status, its target never asked", async () => {
  const elsewhere = await startReceiver();
  try {
    receiver.answer = () => ({ status: 307, headers: { Location: `${elsewhere.origin}/x` } });
    const url = new URL(`${receiver.origin}/hook`);
    expect(await postWebhook({ url, address: "127.0.0.1", family: 4 }, {}, "{}")).toBe(307);
    expect(elsewhere.requests).toHaveLength(0);
  } finally {
    await elsewhere.close();
  }
});
