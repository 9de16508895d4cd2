// The production server (npm start): Next's request handler behind a plain Node HTTP server,
// so that the app knows which address a request came from. Next does not hand route handlers
// the socket, and it keeps a client's own X-Forwarded-For, which anyone can forge
// (docs/security.md#sending-limits).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "0.0.0.0";
// Keep in step with lib/env.ts: TRUST_PROXY is how many proxies in front may be believed.
const trustProxy = Number(process.env.TRUST_PROXY || 0) > 0;
// Keep in step with lib/api/client-ip.ts. The app believes PEER_HEADER only beside this
// process's own token, which no client can know: under any other server the header is text.
const PEER_HEADER = "x-pv-peer";
const PEER_TOKEN_HEADER = "x-pv-peer-token";
const peerToken = randomBytes(32).toString("base64url");
process.env.PV_PEER_TOKEN = peerToken;
const FORWARDED = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
];

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  // Set here, on every request, so that no client can send it.
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
  request.headers[PEER_TOKEN_HEADER] = peerToken;
  if (!trustProxy) for (const name of FORWARDED) delete request.headers[name];
  handle(request, response);
}).listen(port, hostname, () => {
  console.log(JSON.stringify({ level: "info", message: "listening", hostname, port }));
});

// Heroku and most hosts send SIGTERM before stopping a process: finish the requests in flight
// (a code being sent, a guess being counted) rather than cut them, then exit normally, which
// also lets `node --cpu-prof` write its profile. Hosts kill whatever is left after their grace.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    console.log(JSON.stringify({ level: "info", message: "stopping", signal }));
    server.close(() => {
      console.log(JSON.stringify({ level: "info", message: "stopped" }));
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
