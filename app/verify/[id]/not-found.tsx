import { VerificationNotFound } from "@/components/verification-not-found";

// /verify/<id> of no verification this browser may see (an unknown id, or one started in
// another browser, which gets the same answer): a 404 that says so, and the way to start one.
export default VerificationNotFound;
