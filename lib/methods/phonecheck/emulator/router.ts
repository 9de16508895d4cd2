import "server-only";
import { now } from "@/lib/clock";
import { json } from "@/lib/api/json";
import { sandboxPhone } from "@/lib/sandbox/phone";
import { methodNotAllowed, type EmulatorRouter } from "@/lib/sandbox/route";
import { emulateRevoke, emulateToken } from "./auth";
import {
  emulateCreateCheck,
  emulateGetCheck,
  emulateListChecks,
  emulatePatchCheck,
  notFoundProblem,
  versionOf,
  type Version,
} from "./checks";
import { emulateDeviceCoverage, emulateSimulatorNetwork } from "./coverage";
import { emulateCheckUrl, emulateOperatorHop } from "./device";
import { emulateJwks } from "./keys";
import { pendingChecksFor } from "./phone";
import { withAnyOrigin, withRateLimit } from "./rate-limit";

// The tru.ID emulator's paths, below /api/sandbox/tru-id:
//   tru.ID's own (docs/providers.md#truid-phonecheck):
//     POST  /oauth2/v1/token, /oauth2/v1/revoke
//     POST  /phone_check/{version}/checks          create a check      GET: list them (not on
//                                                                       a public demo)
//     GET   /phone_check/{version}/checks/{id}     one check           PATCH (v0.2): the code
//     GET   /phone_check/{version}/checks/{id}/redirect   the check URL a phone opens
//     GET   /mno/{id}?hop=…                        the mobile operator's hop
//     GET   /.well-known/jwks.json                 the keys callbacks are signed with
//     GET   /coverage/v0.1/device_ips/{ip}         whether an address is on a mobile network
//   the simulated phone's:
//     GET   /simulator/checks?number=…             the checks open for a phone
//     GET   /simulator/network                     the caller's address: mobile, Wi-Fi or no
//                                                  reach (POST {"network"} sets it)
export const truidEmulator: EmulatorRouter = async (request, path) => {
  const method = request.method;
  const only = (allowed: string, answer: () => Promise<Response>) =>
    method === allowed ? answer() : Promise.resolve(methodNotAllowed([allowed]));
  const [first, second, third, id, last, ...rest] = path;

  if (first === "oauth2" && second === "v1" && path.length === 3) {
    if (third === "token") return only("POST", () => emulateToken(request));
    if (third === "revoke") return only("POST", () => emulateRevoke(request));
  }
  if (first === ".well-known" && second === "jwks.json" && path.length === 2) {
    return only("GET", () => emulateJwks());
  }
  if (first === "mno" && second !== undefined && path.length === 2) {
    return only("GET", () => emulateOperatorHop(request, second));
  }
  if (first === "coverage" && second === "v0.1" && third === "device_ips" && path.length === 4) {
    return withRateLimit(await only("GET", () => emulateDeviceCoverage(request, id!)));
  }
  if (first === "simulator" && second === "network" && path.length === 2) {
    if (method !== "GET" && method !== "POST") return methodNotAllowed(["GET", "POST"]);
    return emulateSimulatorNetwork(request);
  }
  if (first === "simulator" && second === "checks" && path.length === 2) {
    return only("GET", async () => {
      const phone = sandboxPhone(new URL(request.url).searchParams.get("number"));
      const checks = await pendingChecksFor(phone);
      return json({ phone, checks, serverTime: new Date(now()).toISOString() });
    });
  }
  const version = first === "phone_check" && second ? versionOf(second) : undefined;
  if (version && third === "checks" && rest.length === 0) {
    // The check URL is the device's, not an API call: no rate-limit headers there.
    if (last === "redirect") return only("GET", () => emulateCheckUrl(version, id!));
    if (last === undefined) return withRateLimit(await phoneCheckApi(request, version, id));
  }
  return notFoundProblem();
};

/** The PhoneCheck resources a server calls with its token. */
async function phoneCheckApi(
  request: Request,
  version: Version,
  id: string | undefined,
): Promise<Response> {
  const method = request.method;
  // v0.1's create and get answer any origin (docs/providers.md#truid-phonecheck).
  const cors = version === "v0.1" ? withAnyOrigin : (response: Response) => response;
  if (id === undefined) {
    if (method === "POST") return cors(await emulateCreateCheck(request, version));
    if (method === "GET") return emulateListChecks(request, version);
    return methodNotAllowed(["GET", "POST"]);
  }
  if (method === "GET") return cors(await emulateGetCheck(request, version, id));
  if (method === "PATCH") return emulatePatchCheck(request, version, id);
  return methodNotAllowed(["GET", "PATCH"]);
}
