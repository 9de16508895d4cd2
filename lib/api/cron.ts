import "server-only";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/errors";

/**
 * A scheduler's request: `Authorization: Bearer <CRON_SECRET>`, as Vercel Cron sends it
 * (https://vercel.com/docs/cron-jobs/manage-cron-jobs#securing-cron-jobs), compared in
 * constant time. Without CRON_SECRET the cron routes do not exist: 404, as for any unknown path.
 */
export function assertCronRequest(request: Request): void {
  const secret = getEnv().CRON_SECRET;
  if (!secret) throw new ApiError("not_found", "No such route.");
  const given = request.headers.get("authorization") ?? "";
  if (!safeEqual(given, `Bearer ${secret}`)) {
    throw new ApiError("unauthorized", "This route needs the cron secret.", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
}
