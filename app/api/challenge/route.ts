import { json, route } from "@/lib/api/route";
import { newChallenge } from "@/lib/core/challenge";
import { otherMethods } from "@/lib/api/not-allowed";

// GET /api/challenge – a proof-of-work challenge for the start form's widget (ALTCHA)
export const GET = route(async () => json(await newChallenge()));

// Any other method: 405, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
