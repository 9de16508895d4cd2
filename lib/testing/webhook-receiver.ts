import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

// An app's webhook endpoint for tests: a real HTTP server on 127.0.0.1, the network edge of
// our deliveries. It records every request and answers as `answer` says (204 by default).

type ReceivedRequest = { path: string; headers: Record<string, string>; body: string };
export type Answer = { status: number; headers?: Record<string, string> };

export type TestReceiver = {
  /** Origin of the server, e.g. http://127.0.0.1:41234. */
  origin: string;
  requests: ReceivedRequest[];
  /** Decides each answer; may wait (a slow receiver). */
  answer: (request: ReceivedRequest) => Answer | Promise<Answer>;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<TestReceiver> {
  const receiver: TestReceiver = {
    origin: "",
    requests: [],
    answer: () => ({ status: 204 }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers as IncomingHttpHeaders).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(", ") : (value ?? ""),
      ]),
    );
    const request = { path: req.url ?? "/", headers, body: Buffer.concat(chunks).toString() };
    receiver.requests.push(request);
    const { status, headers: answerHeaders = {} } = await receiver.answer(request);
    res.writeHead(status, answerHeaders).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
