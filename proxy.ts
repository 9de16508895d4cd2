import { NextResponse, type NextRequest } from "next/server";

// Runs only for a path with a %-escape in it (the matcher below), so that no other request pays
// for it. Next decodes a dynamic segment's value and answers an escape that does not decode
// (`/api/verifications/%zz`, half a UTF-8 character) with a bare 500: it is the client's
// mistake, so it is a 400 here, in the API's JSON envelope for an API path; a page's path is
// a link that leads nowhere, so a person gets the site's own "page not found" (a 404).

const MESSAGE =
  "The path has a %-escape that does not decode (a % not followed by two hex digits, or bytes that are not UTF-8).";

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
    return NextResponse.next();
  } catch {
    if (pathname.startsWith("/api/")) {
      return NextResponse.json(
        { error: { code: "bad_request", message: MESSAGE } },
        { status: 400 },
      );
    }
    // A path no page has: Next renders app/not-found.tsx for it, with a 404.
    return NextResponse.rewrite(new URL("/link-that-does-not-decode", request.url));
  }
}

export const config = { matcher: "/:path(.*%.*)" };
