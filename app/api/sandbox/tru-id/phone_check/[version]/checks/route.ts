import { route } from "@/lib/api/route";
import { assertSandbox } from "@/lib/sandbox/guard";
import {
  emulateCreateCheck,
  emulateListChecks,
  notFoundProblem,
  versionOf,
} from "@/lib/methods/phonecheck/emulator/checks";

type Params = { version: string };

// POST /api/sandbox/tru-id/phone_check/:version/checks – the tru.ID emulator: create a PhoneCheck
export const POST = route<Params>(async (request, { params }) => {
  assertSandbox();
  const version = versionOf((await params).version);
  return version ? emulateCreateCheck(request, version) : notFoundProblem();
});

// GET /api/sandbox/tru-id/phone_check/:version/checks – the tru.ID emulator: list PhoneChecks
export const GET = route<Params>(async (request, { params }) => {
  assertSandbox();
  const version = versionOf((await params).version);
  return version ? emulateListChecks(request, version) : notFoundProblem();
});
