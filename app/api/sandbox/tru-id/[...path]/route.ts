import { truidEmulator } from "@/lib/methods/phonecheck/emulator/router";
import { emulatorRoute } from "@/lib/sandbox/route";
import { otherMethods } from "@/lib/api/not-allowed";

// /api/sandbox/tru-id/… – the tru.ID emulator: its paths are in its router
const emulator = emulatorRoute(truidEmulator);

export const GET = emulator;
export const POST = emulator;
export const PATCH = emulator;

// Any other method: 405, with Allow.
export const { PUT, DELETE } = otherMethods("GET", "POST", "PATCH");
