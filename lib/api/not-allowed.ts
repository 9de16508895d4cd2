import "server-only";
import { ApiError } from "@/lib/errors";
import { errorBody, json } from "./route";

// A method a path does not take is answered as any other mistake of the client: in the JSON
// error envelope, with `Allow` naming the ones it takes (RFC 9110 asks for it with a 405).
// Next answers such a request itself with an empty 405 and no `Allow`, so every route exports
// a refusal for each method it does not take:
//
//   export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Refusal = ((request: Request) => Promise<Response>) & { refuses: true };

export function otherMethods<const Allowed extends Method[]>(
  ...allowed: Allowed
): Record<Exclude<Method, Allowed[number]>, Refusal> {
  // HEAD comes with GET, and OPTIONS with every route (Next answers both itself).
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse = Object.assign(
    async (request: Request) => {
      const error = new ApiError(
        "method_not_allowed",
        `${request.method} is not a method of this path, which takes ${allowed.join(" and ")}.`,
      );
      return json(errorBody(error, request), { status: 405, headers: { Allow: allow } });
    },
    { refuses: true as const },
  );
  return Object.fromEntries(
    METHODS.filter((method) => !allowed.includes(method)).map((method) => [method, refuse]),
  ) as Record<Exclude<Method, Allowed[number]>, Refusal>;
}
