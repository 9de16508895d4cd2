import { describe } from "vitest";
import { smsGuardContract } from "@/lib/testing/sms-guard-contract";

describe("SMS number policy, pumping guard, challenge and failure budget on SQLite", () =>
  smsGuardContract());
