import "server-only";
import { route } from "@/lib/api/route";
import { assertSandbox } from "./guard";

/** An emulator's own router: the request and its path below /api/sandbox/<provider>/. */
export type EmulatorRouter = (request: Request, path: string[]) => Promise<Response>;

/**
 * The handler of a provider's catch-all route (app/api/sandbox/<provider>/[...path]): with the
 * sandbox off the emulator does not exist; otherwise its router answers as the provider would.
 */
export function emulatorRoute(router: EmulatorRouter) {
  return route<{ path: string[] }>(async (request, { params }) => {
    assertSandbox();
    return router(request, (await params).path);
  });
}

/** What an emulator answers to a method its path does not take. */
export function methodNotAllowed(allowed: string[]): Response {
  return new Response(null, { status: 405, headers: { Allow: allowed.join(", ") } });
}
