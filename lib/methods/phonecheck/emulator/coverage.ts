import "server-only";
import { isIPv4 } from "node:net";
import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { clientIp } from "@/lib/api/client-ip";
import { json } from "@/lib/api/json";
import { ApiError } from "@/lib/errors";
import { normalizeIp } from "@/lib/ip";
import { forgetCoverage } from "../coverage";
import { bearerProblem, problem } from "./auth";

// The tru.ID emulator's coverage lookup (docs/providers.md#coverage): which addresses are on a
// mobile network. A sandbox has no operator to ask, so an address's network is what the
// simulated phone last said of it, else what its kind says:
//   - set "mobile": 200 with the sandbox's network; set "wifi": 412 not_mobile_ip;
//   - 192.0.2.0/24 (TEST-NET-1): on the sandbox's mobile network;
//   - anything else (loopback, a home network, 198.51.100.0/24): 404 "No Reach", as tru.ID
//     answers for an address no operator it works with has handed out.
// The setting is kept in this process's memory, like the sandbox clock: one instance's.

type SandboxNetwork = "mobile" | "wifi";

// On globalThis: Next's route bundles would otherwise each hold a map of their own.
const holder = globalThis as unknown as {
  truidNetworks?: Map<string, SandboxNetwork>;
  truidCoverageAsked?: { count: number };
};
const networks = (holder.truidNetworks ??= new Map());
// At most this many addresses' settings, the oldest dropped first: on a public demo every
// visitor's address may set one, and the process must not grow with them.
const NETWORKS_KEPT = 10_000;
// How many lookups the emulator answered, as tru.ID would bill them: what tests count to see
// the app remember answers (lib/methods/phonecheck/coverage.ts). One number, not one per
// address: the addresses of a public demo's visitors are not kept for it.
const asked = (holder.truidCoverageAsked ??= { count: 0 });

/** How many coverage lookups the emulator has answered in this process. */
export function coverageLookups(): number {
  return asked.count;
}

const SANDBOX_NETWORK = {
  network_id: "00101", // the test network's MCC/MNC (3GPP TS 23.003)
  network_name: "Sandbox Mobile",
  country_code: "GB",
  products: [{ product_id: "PCK", product_name: "Phone Check" }],
};

function networkOf(ip: string): SandboxNetwork | "none" {
  const set = networks.get(ip);
  if (set) return set;
  return isIPv4(ip) && ip.startsWith("192.0.2.") ? "mobile" : "none";
}

// GET /coverage/v0.1/device_ips/{ip}
export async function emulateDeviceCoverage(request: Request, address: string): Promise<Response> {
  const refused = await bearerProblem(request, "coverage");
  if (refused) return refused;
  // The path segment arrives decoded (an IPv6 address's colons may be sent as %3A).
  const ip = normalizeIp(address);
  if (!ip) return problem(400, "bad_request", "Bad Request", "The device IP is invalid");
  asked.count += 1;
  const network = networkOf(ip);
  if (network === "mobile") return Response.json(SANDBOX_NETWORK, { headers: HAL });
  if (network === "wifi") {
    return problem(412, "not_mobile_ip", "Precondition Failed", "Not a mobile IP");
  }
  return problem(404, "not_found", "Not Found", "No Reach");
}

const HAL = { "Content-Type": "application/hal+json" };

const networkBody = z.object({ network: z.enum(["mobile", "wifi", "default"]) });

/**
 * The simulated phone's network (GET, POST /simulator/network): the caller's own address, as
 * this app sees it, put on mobile data or on Wi-Fi for the coverage lookup, or back to what its
 * kind says ("default"). Only one's own address: a visitor of the public demo cannot change
 * what another is told.
 */
export async function emulateSimulatorNetwork(request: Request): Promise<Response> {
  const ip = clientIp(request.headers);
  if (!ip) {
    throw new ApiError("bad_request", "This server cannot tell your address, so it cannot set it.");
  }
  if (request.method === "POST") {
    const { network } = await readJson(request, networkBody);
    networks.delete(ip);
    if (network !== "default") {
      if (networks.size >= NETWORKS_KEPT) networks.delete(networks.keys().next().value!);
      networks.set(ip, network);
    }
    // What the app remembered of this address is what the switch just changed.
    forgetCoverage(ip);
  }
  const network = networkOf(ip);
  // `set`: what the phone chose (the simulated phone's switch shows it); `network`: what the
  // coverage lookup answers for the address now.
  return json({
    ip,
    network: network === "none" ? "no_reach" : network,
    set: networks.get(ip) ?? "default",
  });
}
