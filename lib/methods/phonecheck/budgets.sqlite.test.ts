import { describe } from "vitest";
import { phonecheckBudgetContract } from "@/lib/testing/phonecheck-budgets-contract";

describe("PhoneCheck budgets on SQLite", () => phonecheckBudgetContract());
