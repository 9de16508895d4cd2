import { json, route } from "@/lib/api/route";
import { newChallenge } from "@/lib/core/challenge";
import { otherMethods } from "@/lib/api/not-allowed";
import { smsSettings } from "@/lib/methods/sms/settings";

// GET /api/challenge – a proof-of-work challenge for the start form's widget (ALTCHA), which
// SMS starts ask for when traffic looks automated
export const GET = route(async () =>
  json(await newChallenge(smsSettings.read().SMS_CHALLENGE_DIFFICULTY)),
);

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
