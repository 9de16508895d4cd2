import { flowrouteEmulator } from "@/lib/methods/sms/emulator/router";
import { emulatorRoute } from "@/lib/sandbox/route";
import { otherMethods } from "@/lib/api/not-allowed";

// /api/sandbox/flowroute/… – the Flowroute emulator: its paths are in its router
const emulator = emulatorRoute(flowrouteEmulator);

export const GET = emulator;
export const POST = emulator;
export const PATCH = emulator;

// Any other method: 405, with Allow.
export const { PUT, DELETE } = otherMethods("GET", "POST", "PATCH");
