import "server-only";
import { methodNotAllowed, type EmulatorRouter } from "@/lib/sandbox/route";
import {
  emulateGetMessage,
  emulateListMessages,
  emulateSendMessage,
  flowrouteError,
} from "./messages";

// The Flowroute emulator's paths, below /api/sandbox/flowroute (docs/providers.md#flowroute):
//   POST /v2.1/messages        send an SMS
//   GET  /v2.1/messages        the sent messages, newest first (?to=, ?limit=); not on a public demo
//   GET  /v2.1/messages/{id}   one message record
//   POST /v2/messages          the legacy send (the 2016 SDK's): 200 {"data":{"id":"mdr1-…"}}
export const flowrouteEmulator: EmulatorRouter = async (request, path) => {
  const [version, resource, id, ...rest] = path;
  if (resource !== "messages" || rest.length > 0) return notFound();
  if (version === "v2") {
    // Only the send: the read side is v2.1's, which finds mdr1 ids too.
    if (id !== undefined) return notFound();
    if (request.method === "POST") return emulateSendMessage(request, "v2");
    return methodNotAllowed(["POST"]);
  }
  if (version !== "v2.1") return notFound();
  if (id === undefined) {
    if (request.method === "POST") return emulateSendMessage(request, "v2.1");
    if (request.method === "GET") return emulateListMessages(request);
    return methodNotAllowed(["GET", "POST"]);
  }
  if (request.method === "GET") return emulateGetMessage(request, id);
  return methodNotAllowed(["GET"]);
};

function notFound() {
  return flowrouteError(404, "Not Found", "No such resource.");
}
