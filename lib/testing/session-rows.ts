import { insertSession } from "@/lib/db/sessions";

/**
 * A pending verification session, straight into the database, for tests whose verifications
 * are its attempts: made by the key `app`, any number, back to https://app.example/back, an
 * hour to go.
 */
export function insertPendingSession(id: string, methods: string[]) {
  const at = Date.now();
  return insertSession({
    id,
    keyId: "app",
    phone: null,
    methods: JSON.stringify(methods),
    reference: null,
    locale: null,
    returnUrl: "https://app.example/back",
    expiresAt: at + 3600_000,
    createdAt: at,
    updatedAt: at,
  });
}
