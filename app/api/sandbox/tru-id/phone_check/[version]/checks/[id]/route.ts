import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import {
  emulateGetCheck,
  emulatePatchCheck,
  notFoundProblem,
  versionOf,
} from "@/lib/methods/phonecheck/emulator/checks";

type Params = { version: string; id: string };

// GET /api/sandbox/tru-id/phone_check/:version/checks/:id – the tru.ID emulator: one PhoneCheck
export const GET = route<Params>(async (request, { params }) => {
  assertSandbox();
  const { version, id } = await params;
  const known = versionOf(version);
  return known ? emulateGetCheck(request, known, id) : notFoundProblem();
});

// PATCH /api/sandbox/tru-id/phone_check/v0.2/checks/:id – the tru.ID emulator: redeem the code
export const PATCH = route<Params>(async (request, { params }) => {
  assertSandbox();
  const { version, id } = await params;
  const known = versionOf(version);
  return known ? emulatePatchCheck(request, known, id) : notFoundProblem();
});
