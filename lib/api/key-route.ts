import "server-only";
import type { ApiKey } from "@/lib/env";
import { authenticate } from "@/lib/api-keys";
import { route, type RouteContext } from "./route";

type RouteParams = Record<string, string>;

/**
 * Wraps a handler that other apps' servers call with an API key (Authorization: Bearer): the
 * key is checked first (401 otherwise), and the handler gets it. No cookies are read or set.
 */
export function keyRoute<P extends RouteParams = RouteParams>(
  handler: (input: { request: Request; key: ApiKey; params: P }) => Promise<Response>,
) {
  return route<P>(async (request: Request, context: RouteContext<P>) => {
    const key = authenticate(request.headers);
    return handler({ request, key, params: await context.params });
  });
}
