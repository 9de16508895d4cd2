import { describe } from "vitest";
import { budgetContract } from "@/lib/testing/protection-contract";

describe("SMS budgets on SQLite", () => budgetContract());
