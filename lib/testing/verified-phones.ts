import { eq } from "drizzle-orm";
import { findFirst } from "@/lib/db/client";
import { verifiedPhones } from "@/lib/db/schema";

// What tests read of the verified numbers: the app itself only writes them, with an approval
// (lib/core/state-machine.ts).

export async function findVerifiedPhone(phone: string) {
  return findFirst(verifiedPhones, eq(verifiedPhones.phone, phone));
}
