// A stand-in for Flowroute's Messaging API v2.1, for the benchmark: its own process, so that a
// create costs the app what it costs in production (an outbound HTTPS-less request to another
// host) and nothing more. POST /v2.1/messages with Basic credentials answers Flowroute's
// 202 body (https://developer.flowroute.com/api/messages/v2.1/send-an-sms/); anything else 404.
// Usage: node scripts/flowroute-stub.mjs <port>   (prints "listening <port>" when ready)
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 0);

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    if (request.method !== "POST" || request.url !== "/v2.1/messages") {
      response.writeHead(404, { "Content-Type": "application/vnd.api+json" });
      response.end('{"errors":[{"status":404,"title":"Not Found"}]}');
      return;
    }
    if (!/^Basic /.test(request.headers.authorization ?? "")) {
      response.writeHead(401, { "Content-Type": "application/vnd.api+json" });
      response.end('{"errors":[{"status":401,"title":"Unauthorized"}]}');
      return;
    }
    JSON.parse(Buffer.concat(chunks).toString("utf8")); // a malformed body fails loudly
    const id = `mdr2-${randomBytes(16).toString("hex")}`;
    response.writeHead(202, { "Content-Type": "application/vnd.api+json" });
    response.end(
      JSON.stringify({
        data: {
          type: "message",
          id,
          // The port it listens on: with 0 asked for, the system's choice.
          links: { self: `http://127.0.0.1:${server.address().port}/v2.1/messages/${id}` },
        },
      }),
    );
  });
});

server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
