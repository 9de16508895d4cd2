import { json, route } from "@/lib/api/route";
import { newChallenge } from "@/lib/core/challenge";

// GET /api/challenge – a proof-of-work challenge for the start form's widget (ALTCHA)
export const GET = route(async () => json(await newChallenge()));
