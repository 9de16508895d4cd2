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
export const flowrouteEmulator: EmulatorRouter = async (request, path) => {
  const [version, resource, id, ...rest] = path;
  if (version !== "v2.1" || resource !== "messages" || rest.length > 0) {
    return flowrouteError(404, "Not Found", "No such resource.");
  }
  if (id === undefined) {
    if (request.method === "POST") return emulateSendMessage(request);
    if (request.method === "GET") return emulateListMessages(request);
    return methodNotAllowed(["GET", "POST"]);
  }
  if (request.method === "GET") return emulateGetMessage(request, id);
  return methodNotAllowed(["GET"]);
};
