import { VerificationNotFound } from "@/components/verification-not-found";

// /session/<id> of no session (an unknown id, a wrong link): a 404 in the words of a
// verification not found (a person knows the session as the verification an app asked for),
// and the way to start one here.
export default VerificationNotFound;
