import { truidEmulator } from "@/lib/methods/phonecheck/emulator/router";
import { emulatorRoute } from "@/lib/sandbox/route";

// /api/sandbox/tru-id/… – the tru.ID emulator: its paths are in its router
const emulator = emulatorRoute(truidEmulator);

export const GET = emulator;
export const POST = emulator;
export const PATCH = emulator;
