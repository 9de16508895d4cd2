import { describe } from "vitest";
import { sessionsContract } from "@/lib/testing/sessions-contract";

describe("verification sessions for other apps, on SQLite", () => sessionsContract());
