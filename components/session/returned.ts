// The sessions this tab went back to the app from already (in sessionStorage: this tab only).
// Back from the app to one of their pages must not send the person off again by itself: the
// success page's countdown, and the page of a session that is over.

const RETURNED_KEY = "pv:returned:";

export function markReturned(sessionId: string): void {
  try {
    sessionStorage.setItem(RETURNED_KEY + sessionId, "1");
  } catch {
    // Storage off: Back goes on to the app again, as before.
  }
}

export function returnedBefore(sessionId: string): boolean {
  try {
    return sessionStorage.getItem(RETURNED_KEY + sessionId) !== null;
  } catch {
    return false;
  }
}
